/** The 0600 secret env file: atomic, never clobbered, never leaked, rotatable. */
module sandbox.secrets {
    requires sandbox.api;
    requires org.slf4j;

    exports sandbox.secrets;

    provides sandbox.api.Command with sandbox.secrets.internal.cli.SecretsCommand;
}
