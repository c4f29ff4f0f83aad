package io.mailmesh.apiemitter.middleman;

import java.util.Optional;

/** The middleman commands of seed 003, plus UNSUB. */
public enum Command {
    PUB, SUB, REQ, RES, EPUB, ESUB, EREQ, UNSUB;

    /** PUB, REQ and RES carry a body, so their frame must end with the line holding a single dot. */
    boolean carriesBody() {
        return this == PUB || this == REQ || this == RES;
    }

    boolean needsReqId() {
        return this == REQ || this == RES;
    }

    /** EPUB, ESUB and EREQ: what a service enables for clients. */
    boolean enables() {
        return this == EPUB || this == ESUB || this == EREQ;
    }

    static Optional<Command> of(String word) {
        for (Command command : values()) {
            if (command.name().equals(word)) {
                return Optional.of(command);
            }
        }
        return Optional.empty();
    }
}
