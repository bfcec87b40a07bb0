"""Forms of the Roles page: propose a role change, decide one. The service judges them."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from anpr_governance.core.forms import GovukForm

from .models import User
from .roles import Role

CHOOSE_PERSON = "Choose the person."
CHOOSE_ROLE = "Choose the role."


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.get_full_name() or user.username} ({user.username})"


class RoleChangeForm(GovukForm):
    default_auto_id = "%s"

    user = PersonField(queryset=User.objects.filter(is_active=True).order_by("username"), label="Person",
                       empty_label="Choose a person",
                       error_messages={"required": CHOOSE_PERSON, "invalid_choice": CHOOSE_PERSON})
    role = forms.ChoiceField(choices=[("", "Choose a role"), *[(r.value, r.value) for r in Role]], label="Role",
                             error_messages={"required": CHOOSE_ROLE, "invalid_choice": CHOOSE_ROLE})
    reason = forms.CharField(required=False, strip=False, label="Why", widget=forms.Textarea,
                             help_text="Recorded with the proposal")
    action = forms.CharField(required=False)  # the buttons: "grant" or "revoke"


class RoleDecisionForm(GovukForm):
    default_auto_id = "%s"

    decision = forms.ChoiceField(required=False, widget=forms.RadioSelect, label="Your decision",
                                 choices=[("approve", "Approve"), ("refuse", "Refuse")])
    comment = forms.CharField(required=False, strip=False, label="Comment", widget=forms.Textarea,
                              help_text="Required when refusing")


class SignInForm(AuthenticationForm):
    """Django's sign-in form in GOV.UK words: each empty field asked for by name, and a wrong
    username or password said plainly (without saying which, so as not to confirm a username)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "The username or password is not right: enter them again",
        "inactive": "This account is switched off: ask your system administrator",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
