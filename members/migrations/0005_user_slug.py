from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_user_display_name_index'),
    ]

    operations = [
        # Added empty, filled by 0006, made unique by 0007.
        migrations.AddField(
            model_name='user',
            name='slug',
            field=models.SlugField(editable=False, max_length=100, null=True, verbose_name='public handle'),
        ),
    ]
