package io.mailmesh.apiemitter.contacts;

import io.mailmesh.apiemitter.web.ApiException;
import io.mailmesh.mesh.store.model.PublicKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPPublicKeyRingCollection;

/** Reads an ASCII-armored OpenPGP public key into the store's {@link PublicKey} record. */
final class ArmoredKeys {
    private ArmoredKeys() {
    }

    static PublicKey parse(String armored, String userId, String contactId, String label) {
        if (armored.contains("PRIVATE KEY BLOCK")) {
            throw ApiException.invalid("armored", "is a private key; send the public key only");
        }
        if (!armored.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
            throw ApiException.invalid("armored", "must be an ASCII-armored PGP public key block");
        }
        PGPPublicKey master;
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(
                armored.getBytes(StandardCharsets.US_ASCII)))) {
            Iterator<PGPPublicKeyRing> rings = new JcaPGPPublicKeyRingCollection(in).getKeyRings();
            if (!rings.hasNext()) {
                throw ApiException.invalid("armored", "holds no public key");
            }
            master = rings.next().getPublicKey();
        } catch (IOException | PGPException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw ApiException.invalid("armored", "is not a readable OpenPGP public key");
        }
        Instant created = master.getCreationTime().toInstant();
        long valid = master.getValidSeconds();
        List<String> userIds = new ArrayList<>();
        master.getUserIDs().forEachRemaining(userIds::add);
        return new PublicKey(String.format("%016X", master.getKeyID()), userId, contactId,
                HexFormat.of().withUpperCase().formatHex(master.getFingerprint()), algorithm(master.getAlgorithm()),
                master.getBitStrength(), created, valid > 0 ? created.plusSeconds(valid) : null, userIds,
                armored.strip(), label);
    }

    private static String algorithm(int tag) {
        return switch (tag) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN,
                 PublicKeyAlgorithmTags.RSA_ENCRYPT -> "RSA";
            case PublicKeyAlgorithmTags.DSA -> "DSA";
            case PublicKeyAlgorithmTags.ECDSA -> "ECDSA";
            case PublicKeyAlgorithmTags.EDDSA_LEGACY, PublicKeyAlgorithmTags.Ed25519 -> "EdDSA";
            case PublicKeyAlgorithmTags.ECDH, PublicKeyAlgorithmTags.X25519 -> "ECDH";
            case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL -> "ElGamal";
            default -> "algorithm-" + tag;
        };
    }
}
