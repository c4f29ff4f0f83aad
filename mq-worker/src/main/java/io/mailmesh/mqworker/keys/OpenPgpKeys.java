package io.mailmesh.mqworker.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/** Reads OpenPGP public key rings (binary, or one or more ASCII-armored blocks) with BouncyCastle. Thread-safe. */
public final class OpenPgpKeys {
    private static final String ARMOR_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

    private OpenPgpKeys() {
    }

    /**
     * Every key ring in {@code bytes}.
     *
     * @throws IllegalArgumentException when the bytes hold no readable public key
     */
    public static List<KeyMaterial> parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("no key data");
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf(ARMOR_BEGIN);
        if (begin >= 0 && text.indexOf(ARMOR_BEGIN, begin + 1) > 0) {
            List<KeyMaterial> all = new ArrayList<>();
            for (String block : text.substring(begin).split("(?=" + ARMOR_BEGIN + ")")) {
                all.addAll(parseOne(block.getBytes(StandardCharsets.ISO_8859_1)));
            }
            return all;
        }
        return parseOne(bytes);
    }

    private static List<KeyMaterial> parseOne(byte[] bytes) {
        List<KeyMaterial> keys = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            for (PGPPublicKeyRing ring : rings) {
                keys.add(describe(ring));
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw new IllegalArgumentException("not an OpenPGP public key: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no OpenPGP public key in the data");
        }
        return keys;
    }

    /** Parses text holding one armored key. */
    public static List<KeyMaterial> parse(String armored) {
        return parse(armored == null ? null : armored.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyMaterial describe(PGPPublicKeyRing ring) throws IOException {
        PGPPublicKey primary = ring.getPublicKey();
        Instant created = primary.getCreationTime().toInstant();
        long validSeconds = primary.getValidSeconds();
        List<String> userIds = new ArrayList<>();
        for (Iterator<String> it = primary.getUserIDs(); it.hasNext(); ) {
            userIds.add(it.next());
        }
        return new KeyMaterial(HexFormat.of().withUpperCase().formatHex(primary.getFingerprint()),
                String.format("%016X", primary.getKeyID()), algorithm(primary.getAlgorithm()),
                primary.getBitStrength(), created, validSeconds > 0 ? created.plusSeconds(validSeconds) : null,
                primary.hasRevocation(), userIds, armor(ring));
    }

    private static String armor(PGPPublicKeyRing ring) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
            ring.encode(armored);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    static String algorithm(int tag) {
        return switch (tag) {
            case 1, 2, 3 -> "RSA";
            case 16, 20 -> "ElGamal";
            case 17 -> "DSA";
            case 18 -> "ECDH";
            case 19 -> "ECDSA";
            case 22 -> "EdDSA";
            case 25 -> "X25519";
            case 26 -> "X448";
            case 27 -> "Ed25519";
            case 28 -> "Ed448";
            default -> "algorithm-" + tag;
        };
    }
}
