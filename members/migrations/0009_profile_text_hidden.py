from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0008_profile_approvers_notified_at'),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='text_hidden_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='profile text hidden'),
        ),
        migrations.AlterField(
            model_name='moderationaction',
            name='kind',
            field=models.CharField(choices=[('approve', 'Approved'), ('decline', 'Declined'), ('suspend', 'Suspended'), ('reinstate', 'Reinstated'), ('promote', 'Promoted to organiser'), ('demote', 'Removed as organiser'), ('remove_content', 'Removed content'), ('hide_text', 'Hid profile text'), ('show_text', 'Showed profile text again')], max_length=20),
        ),
    ]
