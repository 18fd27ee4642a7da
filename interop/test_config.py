"""`quire serve` configuration: file, QUIRE_* variables and flags in that order of precedence,
--print-config with secrets masked, one-line errors with exit status 2, safe defaults, TLS."""

import datetime
import json
import os
import ssl
import subprocess
import http.client

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID



def serve(quire_bin, *args, env=None, timeout=30):
    return subprocess.run([quire_bin, "serve", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_print_config_layers_and_masks_secrets(quire_bin, tmp_path):
    config = tmp_path / "quire.json"
    secret = "correct-horse-battery-staple-0123456789"
    config.write_text(json.dumps({"transport": {"type": "http", "http": {
        "port": 9001, "host": "127.0.0.1", "cors": {"origins": ["https://app.example.com"], "credentials": True},
        "auth": {"enabled": True, "issuer": "https://id.example.com", "secret": secret},
        "rate_limit": {"requests_per_minute": 60, "burst": 10},
        "ssl": {"enabled": False},
    }}}))
    result = serve(quire_bin, "--config", str(config), "--port", "9003", "--print-config", env={"QUIRE_PORT": "9002", "QUIRE_RATE_LIMIT": "120"})
    assert result.returncode == 0, result.stderr
    effective = json.loads(result.stdout)
    http = effective["transport"]["http"]
    assert http["port"] == 9003  # flag over environment over file
    assert http["rate_limit"]["requests_per_minute"] == 120  # environment over file
    assert http["rate_limit"]["burst"] == 10
    assert http["auth"]["secret"] == "********"
    assert secret not in result.stdout and secret not in result.stderr
    assert http["cors"]["origins"] == ["https://app.example.com"]


def test_invalid_configuration_is_one_line_and_exit_2(quire_bin, tmp_path):
    config = tmp_path / "bad.json"
    config.write_text(json.dumps({"transport": {"http": {"rate_limit": {"requests_per_minit": 5}}}}))
    for args, env, needle in [
        (["--config", str(config)], {}, "unknown setting transport.http.rate_limit.requests_per_minit"),
        ([], {"QUIRE_PORT": "eighty"}, "QUIRE_PORT"),
        (["--config", str(tmp_path / "missing.json")], {}, "cannot read the configuration file"),
        (["--transport", "http", "--tls-cert", "cert.pem"], {}, "--tls-key"),
        (["--transport", "http", "--auth", "jwt"], {}, "--jwt-issuer"),
    ]:
        result = serve(quire_bin, str(tmp_path / "s.db"), *args, env=env)
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0], result.stderr


def test_binding_beyond_loopback_needs_auth_or_an_explicit_opt_out(quire_bin, tmp_path):
    result = serve(quire_bin, str(tmp_path / "s.db"), "--transport", "http", "--host", "0.0.0.0", "--port", "0")
    assert result.returncode == 2 and "without authentication" in result.stderr
    result = serve(quire_bin, str(tmp_path / "s.db"), "--transport", "http", "--host", "0.0.0.0", "--allow-unauthenticated", "--print-config")
    assert result.returncode == 0, result.stderr


def self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    import ipaddress
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


def test_tls(quire_bin, tmp_path):
    cert, key = self_signed(tmp_path)
    process = subprocess.Popen(
        [quire_bin, "serve", str(tmp_path / "s.db"), "--transport", "http", "--port", "0", "--tls-cert", str(cert), "--tls-key", str(key)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        line = process.stderr.readline().decode()
        while "serving MCP" not in line:
            assert line, "quire exited"
            line = process.stderr.readline().decode()
        assert "https://127.0.0.1:" in line
        port = int(line.split("https://127.0.0.1:")[1].split("/")[0])
        context = ssl.create_default_context(cafile=str(cert))
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
        connection.request("GET", "/health")
        response = connection.getresponse()
        assert response.status == 200 and json.loads(response.read())["status"] == "ok"
        connection.close()
        # Plain HTTP to the TLS port does not get an answer.
        plain = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            plain.request("GET", "/health")
            status = plain.getresponse().status
        except (http.client.HTTPException, ConnectionError, OSError):
            status = None
        assert status != 200
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0


def test_the_configuration_reference_matches_the_code(quire_bin):
    import pathlib
    result = serve(quire_bin, "--config-reference")
    assert result.returncode == 0
    checked_in = (pathlib.Path(__file__).parent.parent / "docs" / "configuration.md").read_text()
    assert result.stdout == checked_in, "docs/configuration.md is stale: regenerate with `quire serve --config-reference`"
    help_text = subprocess.run([quire_bin, "serve", "--help"], capture_output=True, text=True).stdout
    for line in checked_in.splitlines()[9:]:
        flag = line.split("|")[3].strip().strip("`")
        if flag.startswith("--"):
            assert flag in help_text, flag
