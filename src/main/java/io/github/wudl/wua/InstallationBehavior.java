package io.github.wudl.wua;

/**
 * IInstallationBehavior, the members scripts commonly read. {@code impact}: 0 Normal, 1 Minor,
 * 2 RequiresExclusiveHandling; {@code rebootBehavior}: 0 NeverReboots, 1 AlwaysRequiresReboot, 2 CanRequestReboot.
 */
public record InstallationBehavior(
        boolean canRequestUserInput, int impact, int rebootBehavior, boolean requiresNetworkConnectivity) {
    /** WUA's defaults for an update that says nothing: no input, normal impact, may request a reboot. */
    public static final InstallationBehavior DEFAULT = new InstallationBehavior(false, 0, 2, false);
}
