from django import forms, template

register = template.Library()


@register.filter
def is_multiple_choice(bound_field) -> bool:
    """Radio buttons and checkbox lists are grouped in a fieldset with a legend."""
    widget = bound_field.field.widget
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def describe(bound_field, _unused=None):
    """Render the field's input tied to its hint and error for screen readers."""
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_hint")
    attrs = {}
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)
