package io.mailmesh.mesh.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and PKCS#8 private keys with the JDK alone. Errors name the file and what is wrong, never
 * a byte of its contents: a key file's text is a secret.
 */
public final class PemFiles {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemFiles() {
    }

    /** Every certificate of a PEM file, in order (a bundle of CAs, or a certificate and its chain). */
    public static List<X509Certificate> certificates(String setting, Path file) {
        byte[] pem = read(setting, file);
        try (InputStream in = new ByteArrayInputStream(pem)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new TlsSetupException(setting + " " + file + " holds no PEM certificate");
            }
            return certificates;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException(setting + " " + file + " is not a PEM certificate file ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The PKCS#8 key of a PEM file ({@code BEGIN PRIVATE KEY}), RSA, EC or EdDSA. */
    public static PrivateKey privateKey(String setting, Path file) {
        String pem = new String(read(setting, file), StandardCharsets.US_ASCII);
        Matcher matcher = PKCS8.matcher(pem);
        if (!matcher.find()) {
            String hint = pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") ? "an encrypted key"
                    : pem.contains(" PRIVATE KEY-----") ? "a PKCS#1 or SEC1 key" : "no PEM private key";
            throw new TlsSetupException(setting + " " + file + " holds " + hint + "; an unencrypted PKCS#8 key is "
                    + "needed: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pk8.pem>");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisAlgorithm) {
                // the PKCS#8 envelope names its algorithm; trying each known one is simpler than reading the OID
            }
        }
        throw new TlsSetupException(setting + " " + file + " holds a PKCS#8 key of an unsupported algorithm "
                + "(RSA, EC, Ed25519 and Ed448 are supported)");
    }

    private static byte[] read(String setting, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsSetupException(setting + " " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        }
    }
}
