package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.util.List;

/**
 * The WUA objects that describe or control a Windows machine, as a script creates them with ActiveXObject:
 * {@code Microsoft.Update.SystemInfo} (ISystemInformation), {@code Microsoft.Update.AutoUpdate}
 * (IAutomaticUpdates2 and its Settings and Results), {@code Microsoft.Update.AgentInfo}
 * (IWindowsUpdateAgentInfo) and {@code Microsoft.Update.WebProxy} (IWebProxy). wudl manages no machine: what
 * they report is what is true of wudl (no reboot pending, no automatic updates service, no install history), and
 * every member that would change a machine answers E_ACCESSDENIED, as WUA answers a caller that may not, with
 * a message saying why.
 */
final class MachineFacades {
    private MachineFacades() {}

    private static WuaException notAMachine(String member) {
        return new WuaException(
                HResult.E_ACCESSDENIED,
                member + " changes how Windows Update runs on a machine; wudl downloads updates and manages no"
                        + " machine");
    }

    private static final Members SYSTEM_INFO = Members.<Object>of("ISystemInformation")
            .get("OemHardwareSupportLink", o -> "")
            .get("RebootRequired", o -> false)
            .build();

    static Object systemInfo(Realm realm) {
        return new RecordFacade<>(realm, SYSTEM_INFO, "");
    }

    private static final Members AU_SETTINGS = Members.<Object>of("IAutomaticUpdatesSettings")
            .get("NotificationLevel", o -> 1) // aunlDisabled: nothing here updates the machine by itself
            .get("ReadOnly", o -> true)
            .get("Required", o -> false)
            .get("ScheduledInstallationDay", o -> 0) // ausidEveryDay
            .get("ScheduledInstallationTime", o -> 3)
            .get("IncludeRecommendedUpdates", o -> false)
            .get("FeaturedUpdatesEnabled", o -> false)
            .get("NonAdministratorsElevated", o -> false)
            .method("Refresh", (o, a) -> null)
            .method("Save", (o, a) -> {
                throw notAMachine("IAutomaticUpdatesSettings.Save");
            })
            .build();

    private static final Members AU_RESULTS = Members.<RecordFacade<Object>>of("IAutomaticUpdatesResults")
            .get("LastSearchSuccessDate", r -> r.realm.undefined()) // VT_EMPTY: never
            .get("LastInstallationSuccessDate", r -> r.realm.undefined())
            .build();

    private static final Members AUTO_UPDATE = Members.<RecordFacade<Object>>of("IAutomaticUpdates")
            .get("ServiceEnabled", r -> false)
            .get("Settings", r -> new RecordFacade<>(r.realm, AU_SETTINGS, ""))
            .get("Results", r -> new RecordFacade<>(r.realm, AU_RESULTS, ""))
            .method("DetectNow", (r, a) -> {
                throw notAMachine("IAutomaticUpdates.DetectNow");
            })
            .method("EnableService", (r, a) -> {
                throw notAMachine("IAutomaticUpdates.EnableService");
            })
            .method("Pause", (r, a) -> {
                throw notAMachine("IAutomaticUpdates.Pause");
            })
            .method("Resume", (r, a) -> {
                throw notAMachine("IAutomaticUpdates.Resume");
            })
            .method("ShowSettingsDialog", (r, a) -> {
                throw notAMachine("IAutomaticUpdates.ShowSettingsDialog");
            })
            .build();

    static Object autoUpdate(Realm realm) {
        return new RecordFacade<>(realm, AUTO_UPDATE, "");
    }

    private static final Members AGENT_INFO = Members.<RecordFacade<Object>>of("IWindowsUpdateAgentInfo")
            .method("GetInfo", (r, a) -> agentInfo(Args.toStringOrNull(Args.at(a, 0))))
            .build();

    static Object agentInfo(Realm realm) {
        return new RecordFacade<>(realm, AGENT_INFO, "");
    }

    /** GetInfo's three identifiers, as WUA 8 (Windows 8 and later) answers them; ProductVersionString is wudl's. */
    private static Object agentInfo(String what) {
        String key = what == null ? "" : what.trim();
        if (key.equalsIgnoreCase("ApiMajorVersion")) {
            return 8;
        }
        if (key.equalsIgnoreCase("ApiMinorVersion")) {
            return 0;
        }
        if (key.equalsIgnoreCase("ProductVersionString")) {
            String v = MachineFacades.class.getPackage().getImplementationVersion();
            return v == null ? "0.0.0" : v;
        }
        throw new WuaException(
                HResult.E_INVALIDARG,
                "GetInfo('" + what + "'): ask for ApiMajorVersion, ApiMinorVersion or ProductVersionString");
    }

    /** A WebProxy a script fills in and may assign to IUpdateSession.WebProxy. */
    static final class WebProxyFacade extends Dispatch {
        private static final Members MEMBERS = Members.<WebProxyFacade>of("IWebProxy")
                .prop("Address", p -> p.address, (p, v) -> p.address = text(Args.toStringOrNull(v)))
                .prop("BypassList", p -> p.bypassList, (p, v) -> p.bypassList = bypass(p.realm, v))
                .prop(
                        "BypassProxyOnLocal",
                        p -> p.bypassProxyOnLocal,
                        (p, v) -> p.bypassProxyOnLocal = Args.toBoolean(v, "BypassProxyOnLocal"))
                .prop("AutoDetect", p -> p.autoDetect, (p, v) -> p.autoDetect = Args.toBoolean(v, "AutoDetect"))
                .prop("UserName", p -> p.userName, (p, v) -> p.userName = text(Args.toStringOrNull(v)))
                .get("ReadOnly", p -> false)
                // the password is not kept: wudl's transfers take the proxy and its credentials from the JVM's
                // settings (the command line's, Jenkins'), never from a script
                .method("SetPassword", (p, a) -> null)
                .method("PromptForCredentials", (p, a) -> {
                    throw new WuaException(
                            HResult.E_NOTIMPL, "wudl runs unattended: it cannot prompt for proxy credentials");
                })
                .method("PromptForCredentialsFromHwnd", (p, a) -> {
                    throw new WuaException(
                            HResult.E_NOTIMPL, "wudl runs unattended: it cannot prompt for proxy credentials");
                })
                .build();

        private String address = "";
        private StringCollectionFacade bypassList;
        private boolean bypassProxyOnLocal;
        private boolean autoDetect;
        private String userName = "";

        WebProxyFacade(Realm realm) {
            super(realm, MEMBERS);
            this.bypassList = new StringCollectionFacade(realm, List.of());
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }

        private static StringCollectionFacade bypass(Realm realm, org.graalvm.polyglot.Value v) {
            if (v != null && v.isProxyObject() && v.asProxyObject() instanceof StringCollectionFacade c) {
                return new StringCollectionFacade(realm, c.strings());
            }
            throw new WuaException(
                    HResult.DISP_E_TYPEMISMATCH,
                    "BypassList takes an IStringCollection (new ActiveXObject('Microsoft.Update.StringColl'))");
        }
    }
}
