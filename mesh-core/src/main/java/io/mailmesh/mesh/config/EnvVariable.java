package io.mailmesh.mesh.config;

/**
 * A setting read from the environment only (a secret, which a flag would show in {@code ps}, or a setting read below
 * the command line). The class that reads it declares it, and {@link EnvironmentHelp} lists it in {@code --help}:
 * reading and help share one name.
 *
 * @param name        the variable
 * @param description what it sets and its default, one line
 */
public record EnvVariable(String name, String description) {
    public EnvVariable {
        if (!name.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("not an environment variable name: " + name);
        }
    }

    /** The variable's value in this process's environment, or null. */
    public String read() {
        return System.getenv(name);
    }
}
