#!/bin/sh
# Regenerates the certificate-check test vectors in this directory (OpenSSL 3.0+, python3).
# Outputs are committed; tests never run openssl. Every command is listed in NOTES.md.
set -eu
cd "$(dirname "$0")"
rm -f ./*.pem ./*.der ./*.p12 ./*.p7b ./*.txt ./*.b64 ./*.json ./*.bin ./*.png ./*.zip ./*.p7m ./*.srl
rm -rf ca && mkdir ca
S="/O=Example MDM Vendor"
# Keys
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.key.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out ca/rsa1024.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out ca/rsa3072.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out ca/rsa4096.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:3 -out ca/exp3.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca/ec.key
openssl genpkey -algorithm ED25519 -out ca/ed25519.key
# Certificates
openssl req -x509 -key rsa2048.key.pem -days 36500 -subj "/CN=mdm.example.com$S" -addext "keyUsage=critical,digitalSignature,keyEncipherment" -addext "extendedKeyUsage=serverAuth,clientAuth" -out rsa2048.pem
openssl x509 -in rsa2048.pem -outform DER -out rsa2048.der
openssl x509 -in rsa2048.pem -noout -fingerprint -sha256 > rsa2048.sha256.txt
openssl x509 -in rsa2048.pem -noout -fingerprint -sha1 > rsa2048.sha1.txt
openssl req -x509 -key ca/rsa1024.key -days 3650 -subj "/CN=rsa1024$S" -out rsa1024.pem
openssl req -x509 -key ca/rsa3072.key -days 3650 -subj "/CN=rsa3072$S" -out rsa3072.pem
openssl req -x509 -key ca/rsa4096.key -days 3650 -subj "/CN=rsa4096$S" -out rsa4096.pem
openssl req -x509 -key ca/exp3.key -days 3650 -subj "/CN=exponent3$S" -out exponent3.pem
openssl req -x509 -key ca/ec.key -days 3650 -subj "/CN=ec-p256$S" -out ec-p256.pem
openssl req -x509 -key ca/ed25519.key -days 3650 -subj "/CN=ed25519$S" -out ed25519.pem
openssl req -x509 -key rsa2048.key.pem -days 1 -subj "/CN=one-day$S" -out one-day.pem
openssl req -x509 -key rsa2048.key.pem -days 3650 -subj "/CN=ku-digitalsignature$S" -addext "keyUsage=digitalSignature" -out ku-digitalsignature.pem
openssl req -x509 -key rsa2048.key.pem -days 3650 -sha1 -subj "/CN=sha1-signed$S" -out sha1-signed.pem
openssl req -x509 -key rsa2048.key.pem -days 3650 -md5 -subj "/CN=md5-signed$S" -out md5-signed.pem
openssl req -x509 -key rsa2048.key.pem -days 3650 -subj "/CN=<script>alert(1)<\/script>$S" -out markup-subject.pem
# A three-certificate chain: root CA, intermediate CA, server
openssl req -x509 -key ca/rsa3072.key -days 3650 -subj "/CN=Example Root CA$S" -addext "basicConstraints=critical,CA:TRUE" -out ca/root.pem
openssl req -x509 -key ca/rsa4096.key -CA ca/root.pem -CAkey ca/rsa3072.key -days 3650 -subj "/CN=Example Intermediate CA$S" -addext "basicConstraints=critical,CA:TRUE" -out ca/intermediate.pem
openssl req -x509 -key rsa2048.key.pem -CA ca/intermediate.pem -CAkey ca/rsa4096.key -days 3650 -subj "/CN=server.example.com$S" -out ca/server.pem
cat ca/server.pem ca/intermediate.pem ca/root.pem > chain3.pem
openssl crl2pkcs7 -nocrl -certfile chain3.pem -outform DER -out bundle.p7b
openssl crl2pkcs7 -nocrl -certfile rsa2048.pem -out bundle-one.p7b.pem
openssl crl2pkcs7 -nocrl -out bundle-empty.p7b.pem
# Other kinds of file
openssl req -new -key rsa2048.key.pem -subj "/CN=csr$S" -out csr.pem
openssl req -in csr.pem -outform DER -out csr.der
printf '[ca]\ndefault_ca=d\n[d]\ndatabase=ca/index.txt\ndefault_md=sha256\ndefault_crl_days=30\n' > ca/ca.cnf
: > ca/index.txt
openssl ca -gencrl -config ca/ca.cnf -keyfile ca/rsa3072.key -cert ca/root.pem -out crl.pem
openssl crl -in crl.pem -outform DER -out crl.der
openssl pkey -in rsa2048.key.pem -pubout -out pubkey.pem
openssl pkey -in rsa2048.key.pem -pubout -outform DER -out pubkey.der
openssl rsa -in rsa2048.key.pem -RSAPublicKey_out -out rsa-pubkey.pem
openssl rsa -in rsa2048.key.pem -traditional -out key-pkcs1.pem
openssl rsa -in rsa2048.key.pem -traditional -outform DER -out key-pkcs1.der
openssl pkey -in rsa2048.key.pem -outform DER -out key-pkcs8.der
openssl pkcs8 -topk8 -in rsa2048.key.pem -v2 aes-256-cbc -passout pass:vectors -out key-encrypted.pem
openssl pkcs8 -topk8 -in rsa2048.key.pem -v2 aes-256-cbc -passout pass:vectors -outform DER -out key-encrypted.der
openssl ec -in ca/ec.key -out key-ec.pem
openssl ec -in ca/ec.key -outform DER -out key-ec.der
openssl pkcs12 -export -in rsa2048.pem -inkey rsa2048.key.pem -passout pass:vectors -out bundle.p12
cat rsa2048.pem rsa2048.key.pem > cert-and-key.pem
printf 'Content-Type: text/plain\r\n\r\nhello\r\n' > ca/msg.txt
openssl cms -encrypt -in ca/msg.txt -aes128 -outform DER -out token-enveloped.der rsa2048.pem
openssl cms -encrypt -in ca/msg.txt -aes128 -out token-smime.p7m rsa2048.pem
openssl x509 -in rsa2048.pem -trustout -addtrust serverAuth -out trusted.pem
# Encoding variants of rsa2048.pem and hand-made broken files (python3, byte-exact)
python3 - <<'PY'
import base64, re
pem = open("rsa2048.pem").read()
der = open("rsa2048.der", "rb").read()
b64 = base64.b64encode(der).decode()
def armour(body, label="CERTIFICATE", nl="\n"):
    return f"-----BEGIN {label}-----{nl}{body}{nl}-----END {label}-----{nl}"
def lines(n): return "\n".join(b64[i:i+n] for i in range(0, len(b64), n))
w = lambda name, data: open(name, "wb").write(data if isinstance(data, bytes) else data.encode())
w("variant-crlf.pem", pem.replace("\n", "\r\n"))
w("variant-cr.pem", pem.replace("\n", "\r"))
w("variant-oneline.pem", armour(b64, nl=""))
w("variant-76col.pem", armour(lines(76)))
w("variant-bom.pem", b"\xef\xbb\xbf" + pem.encode())
w("variant-utf16.pem", b"\xff\xfe" + pem.encode("utf-16-le"))
w("variant-trailing-space.pem", pem.replace("\n", " \t \n"))
w("variant-x509-label.pem", armour(lines(64), "X509 CERTIFICATE"))
w("variant-bare.b64", lines(76) + "\n")
w("variant-text-around.pem", "Subject: mdm.example.com\nHere is our certificate:\n\n" + pem + "\nRegards,\nThe vendor\n")
w("variant-two-der.der", der + der)
w("variant-der-trailing.der", der + b"\x01\x02\x03garbage")
w("broken-truncated.der", der[:700])
w("broken-truncated.pem", armour(lines(64)[:900]))
w("broken-unterminated.pem", pem[:600])
w("broken-base64.pem", pem.replace("M", "*", 1) if pem.index("M") > 27 else pem[:40] + "*" + pem[41:])
w("broken-length.der", b"\x30\x89" + der[2:])
i = der.index(b"\x17\x0d")
w("broken-not-x509.der", der[:i] + b"\x04" + der[i+1:])
w("broken-asn1-unknown.der", bytes.fromhex("3006020101020102") + b"")
w("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17))
w("archive.zip", b"PK\x05\x06" + bytes(18))
w("document.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
w("random.bin", bytes([0x42, 0x00, 0x13, 0x37, 0xff, 0x01, 0x7f, 0x80] * 8))
w("notes.json", '{"server": "mdm.example.com", "token": null}\n')
w("ssh.pub", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample user@host\n")
w("empty.txt", b"")
w("whitespace.txt", " \r\n\t\n")
PY
sed 's/-----BEGIN CERTIFICATE-----/-----BEGIN FOO BAR-----/;s/-----END CERTIFICATE-----/-----END FOO BAR-----/' rsa2048.pem > unsupported-label.pem
rm -rf ca
