from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_fill_user_slugs'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='slug',
            field=models.SlugField(editable=False, help_text="Made from the display name; used in links to the person's posts.", max_length=100, unique=True, verbose_name='public handle'),
        ),
    ]
