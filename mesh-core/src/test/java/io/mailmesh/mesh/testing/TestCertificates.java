package io.mailmesh.mesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made in the test (EC P-256, valid one day) and the server and client
 * certificates it signs, written as PEM files (PKCS#8 keys) into a folder of the test's: nothing is committed.
 * Consumers add the test dependency {@code org.bouncycastle:bcpkix-lts8on} (the Bouncy Castle line jnats
 * brings).
 */
public final class TestCertificates {
    /** A certificate and its private key, as PEM files. */
    public record Pem(Path certificate, Path key) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final Path caFile;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.caKeys = newKeys();
        X500Name subject = new X500Name("CN=" + name);
        this.ca = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(), subject,
                caKeys.getPublic()), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        this.caFile = write(name + "-ca.pem", pem("CERTIFICATE", encoded(ca)));
    }

    /** A new authority whose files go in {@code dir}. */
    public static TestCertificates authority(Path dir, String name) {
        return new TestCertificates(dir, name);
    }

    /** The authority's certificate, a PEM file: the CA bundle clients and servers trust. */
    public Path caFile() {
        return caFile;
    }

    /** A server certificate naming these DNS names and IP addresses, and nothing else. */
    public Pem server(String name, List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(a -> names.add(new GeneralName(GeneralName.iPAddress, a)));
        return issue(name, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /** A server certificate for a server on this machine ({@code localhost}, {@code 127.0.0.1}). */
    public Pem localServer(String name) {
        return server(name, List.of("localhost"), List.of("127.0.0.1"));
    }

    /** A client certificate for mutual TLS. */
    public Pem client(String name) {
        return issue(name, KeyPurposeId.id_kp_clientAuth, null);
    }

    private Pem issue(String name, KeyPurposeId purpose, GeneralNames alternativeNames) {
        KeyPair keys = newKeys();
        X509Certificate certificate = sign(new JcaX509v3CertificateBuilder(ca, serial(), notBefore(), notAfter(),
                new X500Name("CN=" + name), keys.getPublic()), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
                    if (alternativeNames != null) {
                        builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
                    }
                });
        return new Pem(write(name + ".pem", pem("CERTIFICATE", encoded(certificate))),
                write(name + ".key", pem("PRIVATE KEY", keys.getPrivate().getEncoded())));
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws IOException;
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, Extensions extensions) {
        try {
            extensions.add(builder);
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1))); // tolerates a clock a little behind
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(1)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private Path write(String fileName, String content) {
        try {
            return Files.writeString(dir.resolve(fileName), content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
