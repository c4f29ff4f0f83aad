package io.mailmesh.apiemitter.fanout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The fanout line server's command-line options, each with its environment variable. */
public final class FanoutOptions {
    @Option(names = "--fanout-listen", paramLabel = "HOST:PORT", defaultValue = "${env:FANOUT_LISTEN:-"
            + FanoutSettings.DEFAULT_LISTEN + "}",
            description = "seed 004's fanout TCP line server (env FANOUT_LISTEN, default " + FanoutSettings.DEFAULT_LISTEN
                    + "; off disables it); an address that is not loopback needs FANOUT_TOKENS")
    String listen;

    @Option(names = "--fanout-tokens-file", paramLabel = "FILE", defaultValue = "${env:FANOUT_TOKENS_FILE}",
            description = "file of fanout client tokens, one a line (env FANOUT_TOKENS_FILE; or env FANOUT_TOKENS, "
                    + "comma-separated); when any is set a client sends 'auth <token>' before anything else")
    Path tokensFile;

    @Option(names = "--fanout-max-clients", paramLabel = "N", defaultValue = "${env:FANOUT_MAX_CLIENTS:-10000}",
            description = "fanout connections at once; one more gets debug!busy (env FANOUT_MAX_CLIENTS, default 10000)")
    int maxClients;

    @Option(names = "--fanout-max-subscriptions", paramLabel = "N",
            defaultValue = "${env:FANOUT_MAX_SUBSCRIPTIONS:-100}",
            description = "channels one fanout client may subscribe to (env FANOUT_MAX_SUBSCRIPTIONS, default 100)")
    int maxSubscriptions;

    @Option(names = "--fanout-max-line-bytes", paramLabel = "BYTES",
            defaultValue = "${env:FANOUT_MAX_LINE_BYTES:-65536}",
            description = "longest fanout line, and message delivered (env FANOUT_MAX_LINE_BYTES, default 65536)")
    int maxLineBytes;

    @Option(names = "--fanout-max-queued-bytes", paramLabel = "BYTES",
            defaultValue = "${env:FANOUT_MAX_QUEUED_BYTES:-1048576}",
            description = "bytes queued for a fanout client that does not read before it is disconnected "
                    + "(env FANOUT_MAX_QUEUED_BYTES, default 1048576)")
    int maxQueuedBytes;

    /** The settings; tokens from {@code FANOUT_TOKENS} (environment only: a secret) and the tokens file. */
    public FanoutSettings toSettings(Function<String, String> env) {
        Set<String> tokens = new LinkedHashSet<>();
        String inline = env.apply("FANOUT_TOKENS");
        if (inline != null) {
            Arrays.stream(inline.split(",")).map(String::strip).filter(t -> !t.isEmpty()).forEach(tokens::add);
        }
        if (tokensFile != null) {
            try {
                Files.readAllLines(tokensFile).stream().map(String::strip)
                        .filter(t -> !t.isEmpty() && !t.startsWith("#")).forEach(tokens::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read FANOUT_TOKENS_FILE " + tokensFile, e);
            }
        }
        return new FanoutSettings(FanoutSettings.parseListen(listen), tokens, maxClients, maxSubscriptions,
                maxLineBytes, maxQueuedBytes);
    }
}
