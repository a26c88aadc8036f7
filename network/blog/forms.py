from django import forms

from network.blog.comments import MAX_LENGTH, REPORT_CATEGORIES, clean_text


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Your comment",
        max_length=MAX_LENGTH,
        help_text="Plain text, up to 5,000 characters. Links become clickable. "
        "To mention a member, type @ and their name.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Please write your comment before sending it.",
            "max_length": "Comments can be up to 5,000 characters "
            "(this one has %(show_value)d). Please shorten it.",
        },
    )

    def clean_comment(self):
        text = clean_text(self.cleaned_data["comment"])
        if not text:
            raise forms.ValidationError("Please write your comment before sending it.")
        return text


class ReportCommentForm(forms.Form):
    category = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=[(c.value, c.label) for c in REPORT_CATEGORIES],
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what is wrong with this comment."},
    )
    description = forms.CharField(
        label="Anything else we should know? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RemoveCommentForm(forms.Form):
    reason = forms.CharField(
        label="Reason for removing this comment",
        help_text="Recorded in the moderation log.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please give a reason: it is kept in the moderation log."},
    )
