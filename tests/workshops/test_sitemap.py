"""Public workshops are listed in /sitemap.xml, so search engines find them."""

from workshops.models import Workshop


def test_sitemap_lists_upcoming_and_past_workshops_but_not_cancelled(
    client, network, make_workshop
):
    upcoming = make_workshop(title="Co-producing a care plan")
    past = make_workshop(title="Looking back", status=Workshop.Status.COMPLETED)
    cancelled = make_workshop(title="Called off", status=Workshop.Status.CANCELLED)
    body = client.get("/sitemap.xml").content.decode()
    assert f"{upcoming.get_absolute_url()}</loc>" in body
    assert f"{past.get_absolute_url()}</loc>" in body
    assert cancelled.get_absolute_url() not in body
    assert "/workshops/</loc>" in body and "/workshops/past/</loc>" in body


def test_sitemap_leaves_workshops_out_on_a_members_only_network(
    client, members_only, make_workshop
):
    workshop = make_workshop()
    body = client.get("/sitemap.xml").content.decode()
    assert workshop.get_absolute_url() not in body and "/workshops/</loc>" not in body
    assert "/about/</loc>" in body
