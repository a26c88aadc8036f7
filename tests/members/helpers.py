SIGNUP_ANSWERS = {
    "password1": "a-long-and-unusual-passphrase-42",
    "password2": "a-long-and-unusual-passphrase-42",
    "display_name": "Nia Newcomer",
    "pronouns": "she/her",
    "expertise": ["service_user", "other"],
    "expertise_other": "Theatre maker",
    "organisation": "Tower Hamlets Health Forum",
    "area": "tower-hamlets",
    "topics": "mental health, dialogue",
    "why_join": "To learn co-production with others.",
    "accept_terms": "on",
}


def signup_data(email, **overrides):
    return {"email": email, **SIGNUP_ANSWERS, **overrides}


def confirmation_path(outbox):
    """The path of the e-mail verification link in the last verification e-mail."""
    import re

    for message in reversed(outbox):
        match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
        if match:
            return match.group(1)
    raise AssertionError("no verification e-mail in the outbox")
