"""The blog's models, moved here from the network app (where they were created by
network 0002_blog and 0003_search_vectors). The tables stay as they are: this
migration only tells Django's model state that the blog app owns them, then moves
their content types (and so their permissions and every comment's link to its
post) to the new app label. network 0004 removes them from the network app's state.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
import network.blog.models
from django.conf import settings
from django.db import migrations, models

BLOG_MODELS = ["post", "tag", "attachment", "postlike"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="network", model__in=BLOG_MODELS).update(
        app_label="blog"
    )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="blog", model__in=BLOG_MODELS).update(
        app_label="network"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("network", "0004_move_blog_to_its_own_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back, elidable=False),
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='Tag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=60, unique=True)),
                ('slug', models.SlugField(max_length=60, unique=True)),
            ],
            options={
                'db_table': 'network_tag',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Post',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200)),
                ('slug', models.SlugField(help_text="The post's address: /blog/<slug>/.", max_length=200, unique=True)),
                ('body', models.TextField(help_text="Markdown: a blank line starts a new paragraph; ## Heading; **bold**, *italic*; - for a bullet list; > for a quote; [link text](https://example.org). Images only from this site's uploads. Scripts and styles are removed.")),
                ('body_html', models.TextField(blank=True, editable=False)),
                ('body_text', models.TextField(blank=True, editable=False)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ('excerpt', models.TextField(blank=True, help_text='A sentence or two for lists, feeds and link previews. Left empty, the start of the post is used.', max_length=600)),
                ('cover', models.ImageField(blank=True, help_text='JPEG, PNG or WebP, up to 5 MB and 20 megapixels. Location and camera data are removed.', upload_to='covers/', verbose_name='cover image')),
                ('cover_alt', models.CharField(blank=True, help_text='What the picture shows, for people who cannot see it.', max_length=200, verbose_name='cover image description')),
                ('featured', models.BooleanField(default=False, help_text='Featured posts come first.')),
                ('comments_open', models.BooleanField(default=True)),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('scheduled', 'Scheduled'), ('published', 'Published')], default='draft', max_length=10)),
                ('publish_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, help_text='A time in the future makes the post scheduled: it appears then.', verbose_name='publish time')),
                ('view_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='views')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('authors', models.ManyToManyField(blank=True, help_text='Shown as “Posted by …”. Leave empty to be the author yourself.', related_name='blog_posts', to=settings.AUTH_USER_MODEL)),
                ('tags', models.ManyToManyField(blank=True, related_name='posts', to='blog.tag')),
            ],
            options={
                'db_table': 'network_post',
                'ordering': ['-publish_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(help_text='PDF, Word (.docx), OpenDocument text (.odt) or PowerPoint (.pptx), up to 20 MB.', upload_to='attachments/%Y/', validators=[network.blog.models.validate_attachment])),
                ('title', models.CharField(blank=True, help_text='Defaults to the file name.', max_length=200)),
                ('kind', models.CharField(editable=False, max_length=8)),
                ('size', models.PositiveIntegerField(default=0, editable=False)),
                ('original_name', models.CharField(blank=True, editable=False, max_length=200)),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='blog.post')),
            ],
            options={
                'db_table': 'network_attachment',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='PostLike',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='likes', to='blog.post')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='post_likes', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'network_postlike',
                'constraints': [models.UniqueConstraint(fields=('post', 'user'), name='one_like_per_member_per_post')],
            },
        ),
        migrations.AddIndex(
            model_name='post',
            index=models.Index(fields=['status', 'publish_at'], name='network_pos_status_b5930e_idx'),
        ),
            ],
        ),
    ]
