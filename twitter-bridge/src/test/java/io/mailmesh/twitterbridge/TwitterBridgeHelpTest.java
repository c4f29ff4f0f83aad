package io.mailmesh.twitterbridge;

import io.mailmesh.mesh.testing.EnvironmentScan;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TwitterBridgeHelpTest {

    @Test
    void helpNamesEveryEnvironmentVariableTheExecutableReads() {
        // given the command line main() runs
        CommandLine command = TwitterBridgeMain.commandLine();

        // when its help is shown
        String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);

        // then every variable its sources (and mesh-core's) read is named in it
        EnvironmentScan.assertHelpNamesEveryVariable(help, "twitter-bridge");
    }
}
