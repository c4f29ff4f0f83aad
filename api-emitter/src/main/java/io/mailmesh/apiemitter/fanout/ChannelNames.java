package io.mailmesh.apiemitter.fanout;

import io.mailmesh.mesh.security.MeshGrants;
import java.util.Set;

/**
 * Which channel names a client may use, and their NATS subjects. The seed forbids {@code !} and spaces and
 * reserves {@code all} and {@code debug}; since a channel is carried as the subject {@code fanout.<channel>}, it
 * must also be a literal subject: printable ASCII, no {@code *} or {@code >} wildcard, dots only between
 * non-empty tokens. A dotted name ({@code news.sport}) is a perfectly good channel.
 */
final class ChannelNames {
    static final String ALL = "all";
    static final String DEBUG = "debug";
    static final int MAX_CHARS = 128;
    private static final Set<String> RESERVED = Set.of(ALL, DEBUG);
    private static final String PREFIX = MeshGrants.FANOUT + ".";

    private ChannelNames() {
    }

    /** Checks a channel a client names; throws {@link LineText.Refused} with the reason. */
    static String check(String channel) {
        if (channel.isEmpty()) {
            throw new LineText.Refused("bad_channel", "missing channel");
        }
        if (channel.indexOf(' ') >= 0 || channel.indexOf('\t') >= 0) {
            throw new LineText.Refused("bad_channel", "channel must not contain spaces");
        }
        if (channel.indexOf('!') >= 0) {
            throw new LineText.Refused("bad_channel", "channel must not contain '!'");
        }
        if (RESERVED.contains(channel)) {
            throw new LineText.Refused("reserved_channel", "'" + channel + "' is reserved to the server");
        }
        if (channel.length() > MAX_CHARS) {
            throw new LineText.Refused("bad_channel", "channel longer than " + MAX_CHARS + " characters");
        }
        if (channel.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new LineText.Refused("bad_channel", "channel must be printable ASCII");
        }
        if (channel.indexOf('*') >= 0 || channel.indexOf('>') >= 0) {
            throw new LineText.Refused("bad_channel", "channel must not contain '*' or '>'");
        }
        if (channel.startsWith(".") || channel.endsWith(".") || channel.contains("..")) {
            throw new LineText.Refused("bad_channel", "channel dots must separate non-empty names");
        }
        return channel;
    }

    static String subject(String channel) {
        return PREFIX + channel;
    }

    /** The channel of a {@code fanout.<channel>} subject. */
    static String channelOf(String subject) {
        return subject.substring(PREFIX.length());
    }
}
