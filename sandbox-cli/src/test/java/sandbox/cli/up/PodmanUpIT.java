package sandbox.cli.up;

import java.util.List;

/**
 * Every {@link SandboxUpIT} scenario again with {@code up --runtime podman} (rootful Podman
 * 4.3, netavark): the image built into Podman's store, the sidecars, the firewall and agent
 * containers, all driven through the podman CLI. Skips with the reason when Podman or the
 * test images in its store are missing.
 */
class PodmanUpIT extends SandboxUpIT {

    @Override
    String runtime() {
        return "podman";
    }

    @Override
    String namePrefix() {
        return "sbx-pm-";
    }

    @Override
    String loadHint(String image) {
        return "; put it into Podman's store: docker save " + image + " | podman load";
    }

    /**
     * Podman 4.3 gives a container a default route on every network it joins, so {@code up}
     * refuses to join a network with a gateway (see {@code Engine.checkJoinable}). Podman's
     * networks are not isolated from each other, though: the peers' network stays a second
     * network, reached through the host's routing, and only the allowlist lets traffic to it.
     */
    @Override
    List<String> peerNetworkArgs(String peersNetwork) {
        return List.of();
    }
}
