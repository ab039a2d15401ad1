#!/bin/sh
# Regenerates the demo/test keystore demo.p12 next to this script.
# Test-only key material: the private key is public (committed), never use it in production.
# The validity is ~100 years so the tests never start failing because a cert expired.
set -eu
cd "$(dirname "$0")"
rm -f demo.p12
keytool -genkeypair \
  -alias demo \
  -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
  -dname "CN=localhost" \
  -ext "SAN=dns:localhost,ip:127.0.0.1" \
  -validity 36500 \
  -storetype PKCS12 \
  -keystore demo.p12 \
  -storepass changeit -keypass changeit
