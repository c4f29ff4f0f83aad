package io.mailmesh.apiemitter.fanout;

/** One client line, parsed: {@code ping}, {@code info}, {@code subscribe}, {@code unsubscribe}, {@code announce}, {@code auth}. */
sealed interface Request {
    record Ping() implements Request {
    }

    record Info() implements Request {
    }

    record Subscribe(String channel) implements Request {
    }

    record Unsubscribe(String channel) implements Request {
    }

    record Announce(String channel, String message) implements Request {
    }

    record Auth(String token) implements Request {
    }

    /** An empty line (a stray Enter in nc): nothing to do and nothing to answer. */
    record Blank() implements Request {
    }

    /**
     * Parses a line already checked by {@link LineText}; throws {@link LineText.Refused} for anything the
     * protocol does not allow.
     */
    static Request parse(String line) {
        if (line.isEmpty()) {
            return new Blank();
        }
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String rest = space < 0 ? "" : line.substring(space + 1);
        switch (verb) {
            case "ping":
            case "info":
                if (!rest.isEmpty()) {
                    throw new LineText.Refused("bad_arguments", verb + " takes no argument");
                }
                return verb.equals("ping") ? new Ping() : new Info();
            case "subscribe":
                return new Subscribe(ChannelNames.check(rest));
            case "unsubscribe":
                return new Unsubscribe(ChannelNames.check(rest));
            case "announce": {
                int split = rest.indexOf(' ');
                if (split <= 0 || split == rest.length() - 1) {
                    throw new LineText.Refused("bad_arguments", "usage: announce <channel> <message>");
                }
                return new Announce(ChannelNames.check(rest.substring(0, split)), rest.substring(split + 1));
            }
            case "auth":
                return new Auth(rest);
            default:
                String shown = verb.length() > 32 ? verb.substring(0, 32) + "..." : verb;
                throw new LineText.Refused("unknown_command", "unknown command '" + shown
                        + "' (ping, info, subscribe <channel>, unsubscribe <channel>, announce <channel> <message>)");
        }
    }
}
