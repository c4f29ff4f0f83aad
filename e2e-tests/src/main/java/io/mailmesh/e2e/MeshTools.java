package io.mailmesh.e2e;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The tools {@code bin/mesh} runs from this module's jar: {@code mail} (the development mail server),
 * {@code demo} (the scripted scenario against a running mesh) and {@code tail} (a live view of the orders). A tool
 * that fails says why in one line on stderr and exits 1; a stack trace is for {@code MESH_LOG_LEVEL=DEBUG}.
 */
@Command(name = "mesh-tools", mixinStandardHelpOptions = true,
        subcommands = {MailCommand.class, DemoCommand.class, TailCommand.class},
        description = "Development tools of mailmesh: mail, demo, tail (each has --help).",
        footer = {"%nEvery tool also reads MESH_LOG_LEVEL (log level of its libraries, default INFO)."})
public final class MeshTools implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a tool: mail, demo or tail");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The tools' command line: a failure is one line naming the tool, not a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new MeshTools()).setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println(command.getCommandName() + ": " + oneLine(e));
            if ("DEBUG".equalsIgnoreCase(System.getenv("MESH_LOG_LEVEL"))) {
                e.printStackTrace(command.getErr());
            }
            command.getErr().flush();
            return 1;
        });
    }

    /** The failure's message, and its cause's when it adds something, on one line. */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += ": " + cause.getMessage();
        }
        return message.replaceAll("[\\r\\n]+", " ").strip();
    }
}
