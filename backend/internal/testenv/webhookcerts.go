package testenv

// The real controllers' webhooks are served on 127.0.0.1 with a CA this environment
// generates; the kube-apiserver trusts it through the webhook configurations.

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// webhookServing tells whether https://127.0.0.1:port completes a TLS handshake with a
// certificate our CA signed for 127.0.0.1.
func webhookServing(port int, caPEM []byte) bool {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	d := &net.Dialer{Timeout: time.Second}
	conn, err := tls.DialWithDialer(d, "tcp", "127.0.0.1:"+strconv.Itoa(port), &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

// writeWebhookCerts issues a CA and a serving certificate for 127.0.0.1 into dir
// (ca.crt, ca.key, tls.crt, tls.key) and returns the CA's PEM. Valid for two years:
// kruise regenerates certificates that expire within six months.
func writeWebhookCerts(dir string) ([]byte, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "okg-console-testenv-webhook-ca"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(2 * 365 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true, IsCA: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(2 * 365 * 24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	pemOf := func(typ string, b []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: b}) }
	caKeyDER, err := x509.MarshalECPrivateKey(caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	caPEM := pemOf("CERTIFICATE", caDER)
	for name, data := range map[string][]byte{
		"ca.crt": caPEM, "ca.key": pemOf("EC PRIVATE KEY", caKeyDER),
		"tls.crt": pemOf("CERTIFICATE", der), "tls.key": pemOf("EC PRIVATE KEY", keyDER),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			return nil, err
		}
	}
	return caPEM, nil
}

// copyWebhookCerts copies files from the generated set under the names a manager expects.
func copyWebhookCerts(from, to string, names map[string]string) error {
	if err := os.MkdirAll(to, 0o700); err != nil {
		return err
	}
	for src, dst := range names {
		data, err := os.ReadFile(filepath.Join(from, src))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, dst), data, 0o600); err != nil {
			return err
		}
	}
	return nil
}
