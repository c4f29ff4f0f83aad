package io.mailmesh.mesh.security;

import io.nats.client.NKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The folder {@code nats-auth init} writes, and everything derived from it:
 * <pre>
 * DIR/nats-server.conf          operator JWT, system account, memory resolver with both accounts (no secret)
 * DIR/operator.jwt, DIR/system-account.jwt   signed once, kept as they are
 * DIR/account.jwt               the mesh account, signed again only when its signing key or revocations change
 * DIR/keys/operator.nk          operator seed            (owner only)
 * DIR/keys/system-account.nk    system account seed      (owner only)
 * DIR/keys/account.nk           mesh account seed        (owner only)
 * DIR/keys/account-signing.nk   mesh account signing key (owner only): signs every user, the auth service's key
 * DIR/keys/account.pub          mesh account public key
 * DIR/revocations.txt           revoked user keys: "&lt;public key&gt; &lt;epoch seconds&gt;" per line
 * DIR/creds/&lt;executable&gt;.creds  one per executable, least privilege (owner only)
 * DIR/creds/ops.creds           everything in the mesh account, for the nats CLI and provisioning
 * DIR/creds/sys.creds           a system account user, for server monitoring
 * </pre>
 * Keys are made once; running init again keeps them. {@code rotate} replaces the account signing key (every user
 * signed with the old one stops working once the server loads the new configuration) and reissues all credentials.
 */
public final class AuthDirectory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuthDirectory.class);
    public static final String MESH_ACCOUNT = "MESH";
    public static final String SYSTEM_ACCOUNT = "SYS";
    public static final String OPS = "ops";
    public static final String SYS_USER = "sys";
    /** The longest protocol line the server and the executables accept: room for the largest user JWT. */
    public static final int MAX_CONTROL_LINE = 16 * 1024;

    private final Path dir;
    private final NKey operator;
    private final NKey systemAccount;
    private final NKey account;
    private final NKey signing;

    private AuthDirectory(Path dir, NKey operator, NKey systemAccount, NKey account, NKey signing) {
        this.dir = dir;
        this.operator = operator;
        this.systemAccount = systemAccount;
        this.account = account;
        this.signing = signing;
    }

    /**
     * Creates what is missing in {@code dir} and returns it; with {@code rotate}, replaces the account signing key
     * and every credentials file.
     *
     * @return the files written, relative to {@code dir}
     */
    public static InitResult init(Path dir, String bucketPrefix, Collection<String> gatewayTopics, boolean rotate) {
        try {
            Files.createDirectories(dir.resolve("keys"));
            Files.createDirectories(dir.resolve("creds"));
            restrict(dir.resolve("keys"), "rwx------");
            restrict(dir.resolve("creds"), "rwx------");
            List<String> written = new ArrayList<>();
            NKey operator = keyFile(dir, "operator.nk", NKeyKind.OPERATOR, false, written);
            NKey system = keyFile(dir, "system-account.nk", NKeyKind.ACCOUNT, false, written);
            NKey account = keyFile(dir, "account.nk", NKeyKind.ACCOUNT, false, written);
            NKey signing = keyFile(dir, "account-signing.nk", NKeyKind.ACCOUNT, rotate, written);
            writePublic(dir.resolve("keys/account.pub"), NatsJwts.publicKey(account) + "\n");
            AuthDirectory auth = new AuthDirectory(dir, operator, system, account, signing);
            if (auth.writeServerConfig()) {
                written.add("nats-server.conf");
            }
            for (String executable : MeshGrants.executables()) {
                auth.credsFile(executable + ".creds", executable,
                        MeshGrants.of(executable, bucketPrefix, gatewayTopics), rotate, written);
            }
            auth.credsFile(OPS + ".creds", OPS, NatsPermissions.everything(), rotate, written);
            auth.systemCreds(rotate, written);
            return new InitResult(auth, written);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens a folder {@code init} wrote. */
    public static AuthDirectory open(Path dir) {
        try {
            return new AuthDirectory(dir, read(dir, "operator.nk"), read(dir, "system-account.nk"),
                    read(dir, "account.nk"), read(dir, "account-signing.nk"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keys in " + dir + "/keys (run nats-auth init): "
                    + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path serverConfig() {
        return dir.resolve("nats-server.conf");
    }

    public Path creds(String user) {
        return dir.resolve("creds").resolve(user + ".creds");
    }

    public Path accountSigningKey() {
        return dir.resolve("keys/account-signing.nk");
    }

    public String accountPublicKey() {
        return NatsJwts.publicKey(account);
    }

    /** A user of the mesh account with {@code permissions}, signed by the account signing key. */
    public String issueCreds(String name, NatsPermissions permissions, java.time.Duration validity) {
        NKey user = newKey(NKeyKind.USER);
        return NatsJwts.credsFile(NatsJwts.user(signing, accountPublicKey(), NatsJwts.publicKey(user), name,
                permissions, validity), user);
    }

    /**
     * Copies what each container needs into its own folder below {@code out}, so each mounts only its own:
     * {@code out/nats/nats-server.conf}, {@code out/<executable>/nats.creds} and {@code out/ops/nats.creds}, and
     * beside api-emitter's the account signing key and public key of the auth service.
     *
     * @param owner numeric user id to own the copies (the containers' user), or -1 to keep the current owner
     */
    public void export(Path out, int owner) {
        try {
            copy(serverConfig(), out.resolve("nats/nats-server.conf"), "rw-r--r--", owner);
            for (String user : concat(MeshGrants.executables(), OPS)) {
                copy(creds(user), out.resolve(user).resolve("nats.creds"), "rw-------", owner);
            }
            copy(accountSigningKey(), out.resolve("api-emitter/account-signing.nk"), "rw-------", owner);
            copy(dir.resolve("keys/account.pub"), out.resolve("api-emitter/account.pub"), "rw-r--r--", owner);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + out + ": " + e.getMessage(), e);
        }
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static void copy(Path from, Path to, String mode, int owner) throws IOException {
        Files.createDirectories(to.getParent());
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        restrict(tmp, mode);
        if (owner >= 0) {
            Files.setAttribute(tmp, "unix:uid", owner);
            Files.setAttribute(to.getParent(), "unix:uid", owner);
        }
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The revoked user keys, with the time before which their JWTs are void. */
    public Map<String, Long> revocations() {
        Path file = dir.resolve("revocations.txt");
        Map<String, Long> revoked = new TreeMap<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.strip().split("\\s+");
                    if (parts.length == 2 && parts[0].startsWith("U")) {
                        revoked.put(parts[0], Long.parseLong(parts[1]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return revoked;
    }

    /**
     * Adds revoked user keys and rewrites the server configuration with them.
     *
     * @return how many keys were new
     */
    public int revoke(Map<String, Long> users) {
        Map<String, Long> all = new TreeMap<>(revocations());
        int before = all.size();
        users.forEach((key, at) -> all.merge(key, at, Math::max));
        StringBuilder text = new StringBuilder();
        all.forEach((key, at) -> text.append(key).append(' ').append(at).append('\n'));
        try {
            atomicWrite(dir.resolve("revocations.txt"), text.toString());
            writeServerConfig();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.size() - before;
    }

    /**
     * The mesh account's JWT as the server should know it now: the one kept in {@code account.jwt} while its claims
     * (signing key, revocations) still hold, else a new one.
     */
    public String accountJwt() {
        String fresh = NatsJwts.account(operator, accountPublicKey(), MESH_ACCOUNT, true,
                List.of(NatsJwts.publicKey(signing)), revocations());
        Path kept = dir.resolve("account.jwt");
        try {
            if (Files.exists(kept)) {
                String old = Files.readString(kept, StandardCharsets.UTF_8).strip();
                if (NatsJwts.natsClaims(old).equals(NatsJwts.natsClaims(fresh))) {
                    return old;
                }
            }
            writePublic(kept, fresh + "\n");
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the server configuration when it changed; true if it did. */
    private boolean writeServerConfig() throws IOException {
        String systemPub = NatsJwts.publicKey(systemAccount);
        // signed once and kept: a running server reloads its configuration only while the operator is unchanged
        String operatorJwt = publicFile("operator.jwt",
                () -> NatsJwts.operator(operator, "mailmesh", systemPub));
        String systemJwt = publicFile("system-account.jwt",
                () -> NatsJwts.account(operator, systemPub, SYSTEM_ACCOUNT, false, List.of(), Map.of()));
        String config = "# Written by nats-auth init: JWTs and public keys only, no secret.\n"
                + "# Start: nats-server -c " + serverConfig() + " -js -p PORT -sd DATA\n"
                + "operator: " + operatorJwt + "\n"
                + "system_account: " + systemPub + "\n"
                + "# a least-privilege user's JWT lists its subjects, and CONNECT carries it: above the 4 KiB default\n"
                + "max_control_line: " + MAX_CONTROL_LINE + "\n"
                + "resolver: MEMORY\n"
                + "resolver_preload: {\n"
                + "  " + systemPub + ": " + systemJwt + "\n"
                + "  " + accountPublicKey() + ": " + accountJwt() + "\n"
                + "}\n";
        if (Files.exists(serverConfig()) && Files.readString(serverConfig(), StandardCharsets.UTF_8).equals(config)) {
            return false;
        }
        writePublic(serverConfig(), config);
        return true;
    }

    private String publicFile(String name, java.util.function.Supplier<String> make) throws IOException {
        Path path = dir.resolve(name);
        if (Files.exists(path)) {
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        }
        String value = make.get();
        writePublic(path, value + "\n");
        return value;
    }

    private void credsFile(String file, String name, NatsPermissions permissions, boolean rotate,
                           List<String> written) throws IOException {
        Path path = dir.resolve("creds").resolve(file);
        if (Files.exists(path) && !rotate) {
            return;
        }
        writeSecret(path, issueCreds(name, permissions, null));
        written.add("creds/" + file);
    }

    private void systemCreds(boolean rotate, List<String> written) throws IOException {
        Path path = creds(SYS_USER);
        if (Files.exists(path) && !rotate) {
            return;
        }
        NKey user = newKey(NKeyKind.USER);
        writeSecret(path, NatsJwts.credsFile(NatsJwts.user(systemAccount, NatsJwts.publicKey(systemAccount),
                NatsJwts.publicKey(user), SYS_USER, NatsPermissions.everything(), null), user));
        written.add("creds/" + SYS_USER + ".creds");
    }

    private static NKey keyFile(Path dir, String name, NKeyKind kind, boolean replace, List<String> written)
            throws IOException {
        Path path = dir.resolve("keys").resolve(name);
        if (Files.exists(path) && !replace) {
            return read(dir, name);
        }
        NKey key = newKey(kind);
        writeSecret(path, new String(NatsJwts.seed(key)) + "\n");
        written.add("keys/" + name);
        return key;
    }

    private static NKey read(Path dir, String name) throws IOException {
        String seed = Files.readString(dir.resolve("keys").resolve(name), StandardCharsets.UTF_8).strip();
        return NKey.fromSeed(seed.toCharArray());
    }

    private enum NKeyKind { OPERATOR, ACCOUNT, USER }

    private static NKey newKey(NKeyKind kind) {
        try {
            return switch (kind) {
                case OPERATOR -> NKey.createOperator(null);
                case ACCOUNT -> NKey.createAccount(null);
                case USER -> NKey.createUser(null);
            };
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an NKey: " + e.getMessage(), e);
        }
    }

    private static void writeSecret(Path path, String text) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrict(tmp, "rw-------");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePublic(Path path, String text) throws IOException {
        atomicWrite(path, text);
    }

    private static void atomicWrite(Path path, String text) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX modes (rare for servers): the secret is written all the same, and the
            // operator is told to protect the folder by other means
            LOG.warn("{} cannot be made {}: this file system has no POSIX modes; protect {} by other means", path,
                    permissions, path.getParent());
        }
    }

    /** What {@link #init} produced. */
    public record InitResult(AuthDirectory auth, List<String> written) {
        public InitResult {
            written = List.copyOf(written);
        }
    }


    /** Seconds since the epoch, the unit of JWT revocations. */
    public static long now() {
        return Instant.now().getEpochSecond();
    }
}
