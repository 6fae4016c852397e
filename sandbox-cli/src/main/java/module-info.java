/**
 * The thin top of the graph. Knows implementations only through ServiceLoader: it requires
 * sandbox.api and libraries, never a provider module.
 */
module sandbox.cli {
    requires sandbox.api;
    requires org.apache.commons.exec;
    requires org.slf4j;
    // Only to configure it in code (LogSetup), not to log through it.
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires com.fasterxml.jackson.databind;

    uses sandbox.api.Command;
    uses sandbox.api.FirewallService;
    uses sandbox.api.SecretService;
    uses sandbox.api.ImageService;
    uses sandbox.api.SettingKeys;

    provides ch.qos.logback.classic.spi.Configurator with sandbox.cli.LogSetup;

    // The running sandbox: up and its companions, on the container-runtime adapter.
    provides sandbox.api.Command with sandbox.cli.up.UpCommand, sandbox.cli.up.DownCommand,
            sandbox.cli.up.StopCommand, sandbox.cli.up.StatusCommand, sandbox.cli.up.ShellCommand,
            sandbox.cli.up.LogsCommand, sandbox.cli.up.DoctorCommand;
    provides sandbox.api.SettingKeys with sandbox.cli.up.UpSettingKeys;
}
