package io.github.wudl.wua;

/** IUpdate::DeploymentAction: what the update is offered for. Numbers are WUA's ({@code wuapi.h}). */
public enum DeploymentAction implements WuaEnum {
    None(0),
    Installation(1),
    Uninstallation(2),
    Detection(3),
    OptionalInstallation(4);

    private final int value;

    DeploymentAction(int value) {
        this.value = value;
    }

    @Override
    public int value() {
        return value;
    }

    /** The constant named {@code name} (as a catalog writes it), or Installation for null or an unknown one. */
    public static DeploymentAction ofName(String name) {
        for (DeploymentAction a : values()) {
            if (a.name().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return Installation;
    }

    /** The constant with WUA number {@code value}; E_INVALIDARG when there is none. */
    public static DeploymentAction fromValue(int value) {
        return WuaEnum.fromValue(DeploymentAction.class, value);
    }
}
