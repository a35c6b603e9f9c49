import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface TlsMaterial {
  /** PEM of the generated CA: what a client must trust (e.g. NODE_EXTRA_CA_CERTS or a `ca` option). */
  caCert: string;
  /** PEM key and certificate of the server, valid for 127.0.0.1, ::1 and localhost. */
  key: string;
  cert: string;
}

/**
 * A throwaway CA and a server certificate signed by it, generated in memory (about 0.1 s), so
 * https emulators can be trusted by pointing a client at the CA and nothing else.
 */
export function generateTlsMaterial(commonName = 'latigo-emulators'): TlsMaterial {
  const ca = keyPair();
  const caCert = certificate({
    subject: [{ name: 'commonName', value: `${commonName} test CA` }],
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = keyPair();
  const serverCert = certificate({
    subject: [{ name: 'commonName', value: 'localhost' }],
    issuer: caCert.subject.attributes,
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return {
    caCert: forge.pki.certificateToPem(caCert),
    key: forge.pki.privateKeyToPem(server.privateKey),
    cert: forge.pki.certificateToPem(serverCert),
  };
}

function keyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey } {
  // node:crypto generates the key natively; forge only builds and signs the certificates.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
  };
}

function certificate(spec: {
  subject: forge.pki.CertificateField[];
  issuer?: forge.pki.CertificateField[];
  publicKey: forge.pki.rsa.PublicKey;
  signingKey: forge.pki.rsa.PrivateKey;
  extensions: object[];
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 7 * 24 * 3600_000);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer ?? spec.subject);
  cert.setExtensions(spec.extensions);
  cert.sign(spec.signingKey, forge.md.sha256.create());
  return cert;
}
