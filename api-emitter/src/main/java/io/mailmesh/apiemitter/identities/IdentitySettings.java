package io.mailmesh.apiemitter.identities;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What users may claim as identities.
 *
 * @param localDomains  the mail domains this installation serves: local addresses are claimable only in them
 * @param allowTrustAll whether a user's server settings may switch certificate checks off (trust_all_certificates)
 */
public record IdentitySettings(Set<String> localDomains, boolean allowTrustAll) {
    /** The domain of {@code bin/mesh demo}'s development mail server, served when the development profile has none. */
    public static final String DEVELOPMENT_DOMAIN = "mailmesh.local";

    public IdentitySettings {
        localDomains = localDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).filter(d -> !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** From {@code MESH_LOCAL_DOMAINS} (comma-separated, may be null): unset means the dev domain in development. */
    public static IdentitySettings of(String domains, boolean allowTrustAll, boolean development) {
        Set<String> parsed = domains == null ? Set.of() : Arrays.stream(domains.split(",")).collect(Collectors.toSet());
        if (parsed.stream().allMatch(String::isBlank) && development) {
            parsed = Set.of(DEVELOPMENT_DOMAIN);
        }
        return new IdentitySettings(parsed, allowTrustAll);
    }
}
