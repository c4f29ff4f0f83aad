package io.mailmesh.apiemitter.natsauth;

import picocli.CommandLine.Command;

/** {@code api-emitter nats-auth}: the NATS operator, accounts and credentials of an installation. */
@Command(name = "nats-auth", mixinStandardHelpOptions = true,
        subcommands = {InitCommand.class, RevocationsCommand.class},
        description = "NATS decentralized auth of the mesh: operator, accounts, least-privilege credentials")
public final class NatsAuthCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
