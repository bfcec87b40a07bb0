"""The pages' one answer to a refusal (core.web): 403 for who may not, 400 for what is refused."""

from django import forms

from anpr_governance.core.concurrency import EditConflict
from anpr_governance.core.exceptions import DomainError, NotPermitted
from anpr_governance.core.web import page_status, refusal_status


class Named(forms.Form):
    name = forms.CharField()


def test_not_permitted_is_403_and_any_other_refusal_400():
    assert refusal_status(NotPermitted("Only a manager may.")) == 403
    assert refusal_status(DomainError("Already closed.")) == 400
    assert refusal_status(EditConflict("Changed meanwhile.", record=None)) == 400


def test_a_form_page_is_200_unless_something_was_refused():
    assert page_status(None) == 200
    assert page_status(NotPermitted("No.")) == 403 and page_status(DomainError("No.")) == 400
    assert page_status(form=Named({"name": "x"})) == 200
    assert page_status(form=Named({})) == 400  # a page that counts its form's own refusal as one
