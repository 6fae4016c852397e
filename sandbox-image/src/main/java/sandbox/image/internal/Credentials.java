package sandbox.image.internal;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.nio.file.Path;

/**
 * A registry image with the credentials Docker itself would use: {@code $DOCKER_CONFIG/config.json}
 * (or {@code ~/.docker/config.json}) including its {@code credHelpers}/{@code credsStore}, then
 * the well-known credential helpers. Nothing is stored by sandbox.
 */
final class Credentials {

    private Credentials() {
    }

    static RegistryImage registryImage(String reference, JibEvents events) throws InvalidImageReferenceException {
        ImageReference ref = ImageReference.parse(reference);
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(ref, events::log);
        RegistryImage image = RegistryImage.named(ref);
        String dockerConfig = System.getenv("DOCKER_CONFIG");
        image.addCredentialRetriever(dockerConfig != null && !dockerConfig.isBlank()
                ? factory.dockerConfig(Path.of(dockerConfig, "config.json"))
                : factory.dockerConfig());
        image.addCredentialRetriever(factory.wellKnownCredentialHelpers());
        return image;
    }
}
