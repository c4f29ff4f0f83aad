package io.mailmesh.mesh.config;

import io.mailmesh.mesh.delivery.StreamLimits;
import io.mailmesh.mesh.net.OutboundGuard;
import io.mailmesh.mesh.replication.Replicas;
import io.mailmesh.mesh.store.StoreSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Lists in an executable's {@code --help} the variables it reads from the environment only, next to the options
 * (whose own variables their descriptions name): with it, {@code --help} shows every setting.
 */
public final class EnvironmentHelp {
    private static final int NAME_COLUMN = 34;

    /** The root log level, read by logback.xml. */
    public static final EnvVariable LOG_LEVEL = new EnvVariable("MESH_LOG_LEVEL",
            "root log level: TRACE, DEBUG, INFO (default), WARN or ERROR");

    /** What every mesh executable reads besides its options: keys, store, streams, log level, host name. */
    public static final List<EnvVariable> MESH = concat(StoreSettings.VARIABLES, StreamLimits.VARIABLES,
            OutboundGuard.VARIABLES, List.of(new EnvVariable(Replicas.VARIABLE, "replicas of every stream and "
                    + "bucket the mesh creates (default 1; 3 on a three-node NATS cluster)")),
            List.of(LOG_LEVEL, new EnvVariable("HOSTNAME", "first part of the default instance id")));

    private EnvironmentHelp() {
    }

    /** {@code command} with a footer listing {@code variables} (the first of each name wins). */
    public static CommandLine withEnvironment(CommandLine command, List<EnvVariable> variables) {
        Map<String, EnvVariable> unique = new LinkedHashMap<>();
        variables.forEach(v -> unique.putIfAbsent(v.name(), v));
        List<String> lines = new ArrayList<>();
        lines.add("%nRead from the environment only (secrets never come from flags, which show in ps):");
        for (EnvVariable v : unique.values()) {
            String name = "  " + v.name();
            String description = v.description().replace("%", "%%");
            lines.add(name.length() < NAME_COLUMN ? name + " ".repeat(NAME_COLUMN - name.length()) + description
                    : name + "%n" + " ".repeat(NAME_COLUMN) + description);
        }
        command.getCommandSpec().usageMessage().footer(lines.toArray(String[]::new));
        return command;
    }

    /** A mesh executable's command line: its options, then {@link #MESH} and its own {@code extra} variables. */
    public static CommandLine meshCommand(Object main, List<EnvVariable> extra) {
        return withEnvironment(new CommandLine(main), concat(MESH, extra));
    }

    @SafeVarargs
    public static List<EnvVariable> concat(List<EnvVariable>... lists) {
        List<EnvVariable> all = new ArrayList<>();
        for (List<EnvVariable> list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }
}
