package io.mailmesh.apiemitter.identities;

import picocli.CommandLine.Option;

/** Command-line options of what users may claim as identities, each with its environment variable. */
public final class IdentityOptions {
    @Option(names = "--local-domains", paramLabel = "LIST", defaultValue = "${env:MESH_LOCAL_DOMAINS}",
            description = "comma-separated mail domains this installation serves; local addresses can only be "
                    + "claimed in them (env MESH_LOCAL_DOMAINS; unset: " + IdentitySettings.DEVELOPMENT_DOMAIN
                    + " in the development profile, none in production)")
    String localDomains;

    @Option(names = "--allow-trust-all", paramLabel = "BOOL", defaultValue = "${env:MESH_ALLOW_TRUST_ALL:-false}",
            description = "let users set trust_all_certificates on their IMAP/SMTP servers (env MESH_ALLOW_TRUST_ALL, "
                    + "default ${DEFAULT-VALUE}; development only)")
    boolean allowTrustAll;

    public IdentitySettings toSettings(boolean development) {
        return IdentitySettings.of(localDomains, allowTrustAll, development);
    }
}
