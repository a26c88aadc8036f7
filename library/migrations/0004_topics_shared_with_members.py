"""Resources are filed under the network's topics (network.Topic, the ones members choose on
their profile) instead of the blog's tags: each tag a resource had becomes the topic of the
same name."""

from django.db import migrations, models
from django.utils.text import slugify


def tags_to_topics(apps, schema_editor):
    Resource = apps.get_model("library", "Resource")
    Topic = apps.get_model("network", "Topic")
    for resource in Resource.objects.prefetch_related("topics"):
        for tag in resource.topics.all():
            topic = Topic.objects.filter(name=tag.name).first()
            if topic is None:
                topic = Topic.objects.create(name=tag.name, slug=slugify(tag.name)[:60] or "topic")
            resource.shared_topics.add(topic)


def topics_to_tags(apps, schema_editor):
    Resource = apps.get_model("library", "Resource")
    Tag = apps.get_model("blog", "Tag")
    for resource in Resource.objects.prefetch_related("shared_topics"):
        for topic in resource.shared_topics.all():
            tag, _ = Tag.objects.get_or_create(name=topic.name, defaults={"slug": topic.slug})
            resource.topics.add(tag)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0003_outcome_comments"),
        ("network", "0007_topics"),
        ("blog", "0001_move_blog_to_its_own_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="resource",
            name="shared_topics",
            field=models.ManyToManyField(blank=True, related_name="+", to="network.topic"),
        ),
        migrations.RunPython(tags_to_topics, topics_to_tags),
        migrations.RemoveField(model_name="resource", name="topics"),
        migrations.RenameField(model_name="resource", old_name="shared_topics", new_name="topics"),
        migrations.AlterField(
            model_name="resource",
            name="topics",
            field=models.ManyToManyField(
                blank=True,
                help_text="The topics members choose too.",
                related_name="resources",
                to="network.topic",
            ),
        ),
    ]
