from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

User = get_user_model()


class SignupForm(UserCreationForm):
    """Username, email and the password twice. Usernames and emails are compared without
    regard to case, here for a friendly message and in the database for races."""

    email = forms.EmailField(label="Email", help_text="For password resets; never shown.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "email"]
        labels = {"username": "Username"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "Password"
        self.fields["password2"].label = "Password (again)"
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_username(self):
        username = self.cleaned_data["username"]
        if not username.isascii():
            # Uniqueness ignores case; SQLite only folds the case of ASCII letters.
            raise forms.ValidationError(
                "Use only the letters A–Z, digits and the characters @ . + - _ in a username."
            )
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken. Please choose another.")
        return username

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this email address. Log in, or reset your password."
            )
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "bio"]
        labels = {"display_name": "Display name", "bio": "Bio"}
        widgets = {"bio": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}
