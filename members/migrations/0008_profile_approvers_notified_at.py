from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0007_user_slug_unique'),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='approvers_notified_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
