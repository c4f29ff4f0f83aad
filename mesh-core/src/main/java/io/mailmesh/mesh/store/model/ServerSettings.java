package io.mailmesh.mesh.store.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach an incoming (IMAP) or outgoing (SMTP) server. Secrets live in {@link Credentials}, never here.
 *
 * @param host                 server host name
 * @param port                 server port
 * @param security             transport security
 * @param username             login name
 * @param auth                 authentication mechanism
 * @param trustAllCertificates accept any server certificate (test servers only); false by default
 * @param skipFolders          incoming (IMAP) only: the folders not synced, each a SPECIAL-USE attribute such as
 *                             {@code \Trash} or a folder's full name; null means {@link #DEFAULT_SKIP_FOLDERS},
 *                             empty means every folder (records stored before this field load with null)
 */
public record ServerSettings(String host, int port, Security security, String username, Auth auth,
        boolean trustAllCertificates, List<String> skipFolders) {

    /** The folders an IMAP identity skips unless it says otherwise. */
    public static final List<String> DEFAULT_SKIP_FOLDERS = List.of("\\Trash", "\\Junk", "\\Drafts");
    /** The RFC 6154 SPECIAL-USE attributes a {@code skipFolders} entry may name. */
    public static final Set<String> SPECIAL_USES = Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged",
            "\\Junk", "\\Sent", "\\Trash");
    /** Bounds of {@code skipFolders}: entries, and characters per entry. */
    public static final int MAX_SKIP_FOLDERS = 100;
    public static final int MAX_FOLDER_NAME = 255;

    /** Transport security of a server connection. */
    public enum Security {
        NONE, STARTTLS, TLS
    }

    /** Authentication mechanism. */
    public enum Auth {
        PASSWORD, XOAUTH2
    }

    public ServerSettings {
        security = security == null ? Security.TLS : security;
        auth = auth == null ? Auth.PASSWORD : auth;
        skipFolders = skipFolders == null ? null : List.copyOf(skipFolders);
    }

    /** Settings with certificate checks on. */
    public ServerSettings(String host, int port, Security security, String username, Auth auth) {
        this(host, port, security, username, auth, false);
    }

    /** Settings that skip the default folders. */
    public ServerSettings(String host, int port, Security security, String username, Auth auth,
            boolean trustAllCertificates) {
        this(host, port, security, username, auth, trustAllCertificates, null);
    }

    /** The folders skipped: the stored choice, else {@link #DEFAULT_SKIP_FOLDERS}. */
    public List<String> skippedFolders() {
        return skipFolders == null ? DEFAULT_SKIP_FOLDERS : skipFolders;
    }

    public ServerSettings withSkipFolders(List<String> folders) {
        return new ServerSettings(host, port, security, username, auth, trustAllCertificates, folders);
    }

    /**
     * Why {@code folders} is not a valid {@code skipFolders} choice, or empty if it is: at most
     * {@value #MAX_SKIP_FOLDERS} entries, each a known SPECIAL-USE attribute or a folder name of 1 to
     * {@value #MAX_FOLDER_NAME} characters without control characters.
     */
    public static Optional<String> invalidSkipFolders(List<String> folders) {
        if (folders.size() > MAX_SKIP_FOLDERS) {
            return Optional.of("has more than " + MAX_SKIP_FOLDERS + " entries");
        }
        for (String f : folders) {
            if (f == null || f.isEmpty() || f.length() > MAX_FOLDER_NAME) {
                return Optional.of("entries must be 1 to " + MAX_FOLDER_NAME + " characters");
            }
            if (f.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return Optional.of("entries must not contain control characters");
            }
            if (f.startsWith("\\") && SPECIAL_USES.stream().noneMatch(f::equalsIgnoreCase)) {
                return Optional.of("\"" + f + "\" is not a SPECIAL-USE attribute (one of "
                        + String.join(", ", SPECIAL_USES.stream().sorted().toList()) + ")");
            }
        }
        return Optional.empty();
    }
}
