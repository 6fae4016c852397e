/** The 0600 secret env file: atomic, never clobbered, never leaked, rotatable. */
module sandbox.secrets {
    requires transitive sandbox.api; // the API throws SandboxException
    requires org.slf4j;
    requires org.apache.commons.exec;

    exports sandbox.secrets;
    // sandbox.secrets.internal.* stays unexported: files, dotenv, git, postgres, cli

    provides sandbox.api.Command with sandbox.secrets.internal.cli.SecretsCommand;
    provides sandbox.api.SecretService with sandbox.secrets.internal.DefaultSecretService;
    provides sandbox.api.SettingKeys with sandbox.secrets.internal.SecretSettingKeys;
}
