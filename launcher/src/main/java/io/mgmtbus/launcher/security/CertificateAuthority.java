package io.mgmtbus.launcher.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small private certificate authority for a secured bus: it signs the servers' certificates
 * (broker, registry, agent) and every client trusts it alone. Keys are ECDSA P-256, which Java,
 * OpenSSL (librdkafka, curl) and Node.js all accept. Bouncy Castle builds the certificates; the
 * JDK writes the PKCS12 key stores.
 */
public final class CertificateAuthority {

    /** How long a server certificate of {@code mgmt secrets} is valid. */
    public static final Duration SERVER_VALIDITY = Duration.ofDays(397);

    private static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new authority named {@code name} (its certificate's common name), valid from now on for five years. */
    public static CertificateAuthority create(String name) {
        KeyPair keys = newKeys();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            serial(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(CA_VALIDITY)),
                            subject,
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(name, keys, sign(builder, keys.getPrivate()));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a certificate authority: " + e.getMessage(), e);
        }
    }

    public String certificatePem() {
        return pem(certificate);
    }

    /** A client certificate for {@code user} (its common name, the principal a mutual-TLS listener sees). */
    public Issued issueClient(String user) {
        Instant now = Instant.now();
        return issue(user, List.of(), now.minus(Duration.ofMinutes(5)), now.plus(SERVER_VALIDITY));
    }

    /** A server certificate for {@code hosts} (DNS names or IP addresses), valid from now for {@link #SERVER_VALIDITY}. */
    public Issued issueServer(String commonName, List<String> hosts) {
        Instant now = Instant.now();
        return issue(commonName, hosts, now.minus(Duration.ofMinutes(5)), now.plus(SERVER_VALIDITY));
    }

    /**
     * A certificate for {@code hosts}, valid between {@code notBefore} and {@code notAfter}, for
     * TLS servers and clients alike. The first host is also the common name's fallback.
     */
    public Issued issue(String commonName, List<String> hosts, Instant notBefore, Instant notAfter) {
        KeyPair leaf = newKeys();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate,
                            serial(),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            new X500Name("CN=" + commonName),
                            leaf.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(leaf.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            if (!hosts.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(hosts.stream()
                                .map(CertificateAuthority::generalName)
                                .toArray(GeneralName[]::new)));
            }
            return new Issued(leaf.getPrivate(), sign(builder, keys.getPrivate()), certificate);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + hosts + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + name + "]";
    }

    /**
     * A certificate and its private key, signed by {@code ca}.
     *
     * @param key the private key
     * @param certificate the certificate
     * @param ca the authority's certificate, the rest of the chain
     */
    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate ca) {

        /** A PKCS12 key store holding the key and its chain (alias {@code server}), protected by {@code password}. */
        public byte[] pkcs12(String password) {
            return CertificateAuthority.pkcs12(
                    password,
                    store -> store.setKeyEntry(
                            "server", key, password.toCharArray(), new Certificate[] {certificate, ca}));
        }

        public String certificatePem() {
            return pem(certificate);
        }

        /** The private key, unencrypted PKCS#8 PEM, for clients that read PEM files: keep it 0600. */
        public String privateKeyPem() {
            try {
                return pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate());
            } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
                throw new IllegalStateException("cannot write a private key as PEM: " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    /** A PKCS12 trust store holding {@code ca} alone (alias {@code ca}), protected by {@code password}. */
    public byte[] truststore(String password) {
        return pkcs12(password, store -> store.setCertificateEntry("ca", certificate));
    }

    private interface Entries {
        void addTo(KeyStore store) throws GeneralSecurityException;
    }

    /** A new PKCS12 store with {@code entries}, written out under {@code password}. */
    private static byte[] pkcs12(String password, Entries entries) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            entries.addTo(store);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password.toCharArray());
            return out.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write a PKCS12 store: " + e.getMessage(), e);
        }
    }

    private static GeneralName generalName(String host) {
        boolean address = host.matches("[0-9.]+") || host.contains(":");
        if (address) {
            try {
                return new GeneralName(
                        GeneralName.iPAddress,
                        new org.bouncycastle.asn1.DEROctetString(
                                InetAddress.getByName(host).getAddress()));
            } catch (IOException e) {
                throw new IllegalArgumentException("not an IP address: " + host, e);
            }
        }
        return new GeneralName(GeneralName.dNSName, host);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an EC key: " + e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PEM: " + e.getMessage(), e);
        }
        return text.toString();
    }
}
