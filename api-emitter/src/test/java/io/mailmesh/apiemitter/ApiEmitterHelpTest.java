package io.mailmesh.apiemitter;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailmesh.mesh.testing.EnvironmentScan;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ApiEmitterHelpTest {

    @Test
    void helpOfTheServerAndItsSubcommandsNamesEveryEnvironmentVariableTheyRead() {
        // given the command line main() runs
        CommandLine command = ApiEmitterMain.commandLine();

        // when the help of the server and of each subcommand is shown
        StringBuilder help = new StringBuilder();
        appendHelp(command, help);

        // then every variable their sources (and mesh-core's) read is named in one of them
        EnvironmentScan.assertHelpNamesEveryVariable(help.toString(), "api-emitter");
    }

    @Test
    void theServersOwnHelpNamesItsSecrets() {
        String help = ApiEmitterMain.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertThat(help).contains("API_ADMIN_TOKEN", "REDIS_URL", "API_RATE_LIMIT", "MESH_SECRET_KEY",
                "MESH_STORE_REPLICAS", "MESH_LOG_LEVEL");
    }

    private static void appendHelp(CommandLine command, StringBuilder help) {
        help.append(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
        command.getSubcommands().values().forEach(sub -> appendHelp(sub, help));
    }
}
