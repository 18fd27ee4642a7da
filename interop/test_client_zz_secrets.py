"""Runs after the other client tests (file order): no secret handed to quire appears in anything quire
printed during the whole run (stdout, stderr, terminal output), in quire serve's logs, nor in the files
quire keeps besides its secret stores (server logs, tool and era caches, saved media)."""

from client_support import OUTPUTS, SCANNED_FILES, SECRETS


def test_no_secret_in_any_captured_output():
    if not OUTPUTS:
        import pytest
        pytest.skip("no client test ran in this session")
    assert SECRETS, "the client tests register the secrets they use"
    assert SCANNED_FILES, "the files quire keeps were collected"
    everything = "\n".join(OUTPUTS)
    leaked = [value for value in SECRETS if value in everything]
    assert not leaked, f"{len(leaked)} secret(s) leaked into quire's output"
