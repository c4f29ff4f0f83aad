package io.mailmesh.apiemitter.identities;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.mailmesh.apiemitter.web.ApiException;
import java.util.Locale;
import java.util.Set;

/**
 * Which local addresses may be claimed: only in the domains the operator serves ({@code MESH_LOCAL_DOMAINS}), and
 * role addresses (postmaster, abuse, …, with or without a {@code +tag}) only by the admin.
 */
@Singleton
public final class LocalAddressPolicy {
    static final Set<String> ROLES = Set.of("postmaster", "abuse", "hostmaster", "webmaster", "admin", "root",
            "noreply", "no-reply", "mailer-daemon", "security");

    private final IdentitySettings settings;

    @Inject
    LocalAddressPolicy(IdentitySettings settings) {
        this.settings = settings;
    }

    /** The normalised address, or a 400/403 saying why it cannot be claimed. */
    public String check(String raw, boolean admin) {
        String address = raw.strip().toLowerCase(Locale.ROOT);
        if (!address.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ApiException.invalid("address", "must be an e-mail address");
        }
        int at = address.lastIndexOf('@');
        String domain = address.substring(at + 1);
        if (!settings.localDomains().contains(domain)) {
            throw new ApiException(403, "domain_not_served", "address", settings.localDomains().isEmpty()
                    ? "this installation serves no mail domain (MESH_LOCAL_DOMAINS is unset)"
                    : "the domain " + domain + " is not served here; local addresses are in "
                    + settings.localDomains().stream().sorted().toList());
        }
        String local = address.substring(0, at);
        int plus = local.indexOf('+');
        if (!admin && ROLES.contains(plus < 0 ? local : local.substring(0, plus))) {
            throw new ApiException(403, "role_address", "address",
                    local + " is a role address; only an admin can assign it");
        }
        return address;
    }
}
