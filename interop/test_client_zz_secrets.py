"""Runs after the other client tests (file order): no secret handed to quire appears in anything quire
printed during the whole run, nor in the files it keeps besides the token store."""

from client_support import OUTPUTS, SECRETS


def test_no_secret_in_any_captured_output():
    if not OUTPUTS:
        import pytest
        pytest.skip("no client test ran in this session")
    assert SECRETS, "the client tests register the secrets they use"
    everything = "\n".join(OUTPUTS)
    leaked = [value for value in SECRETS if value in everything]
    assert not leaked, f"{len(leaked)} secret(s) leaked into quire's output"
