package io.jenkins.plugins.wudl;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.github.wudl.agent.StepOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jenkins.model.Jenkins;
import net.sf.json.JSONArray;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code wuDownload}: searches a wudl catalog and downloads and verifies the selected updates' content on the
 * agent of the enclosing {@code node} (SPEC §6). Progress goes to the build log as the command line's log lines;
 * the step returns the report as a map; a failed update fails the step unless {@code failOnError: false}.
 *
 * <pre>def r = wuDownload catalog: 'https://updates.example/catalog.json', outputDir: 'updates'</pre>
 */
public class WuDownloadStep extends Step {
    private final String catalog;
    private String criteria;
    private String downloadType = DescriptorImpl.defaultDownloadType;
    private String outputDir;
    private String cacheDir;
    private String priority = DescriptorImpl.defaultPriority;
    private int stallTimeout;
    private int timeout;
    private boolean allowUnverified;
    private boolean failOnError = true;
    private String proxyCredentialsId;
    private String language;
    private boolean includeSuperseded;
    private String testOnlyTrustRoot;
    private List<String> kb = new ArrayList<>();
    private List<String> product = new ArrayList<>();
    private List<String> classification = new ArrayList<>();
    private List<String> arch = new ArrayList<>();
    private String releasedSince;
    private List<String> hide = new ArrayList<>();
    private List<String> unhide = new ArrayList<>();
    private String lock;

    @DataBoundConstructor
    public WuDownloadStep(String catalog) {
        this.catalog = Util.fixEmptyAndTrim(catalog);
    }

    public String getCatalog() {
        return catalog;
    }

    public String getCriteria() {
        return criteria;
    }

    public String getDownloadType() {
        return downloadType;
    }

    public String getOutputDir() {
        return outputDir;
    }

    public String getCacheDir() {
        return cacheDir;
    }

    public String getPriority() {
        return priority;
    }

    public int getStallTimeout() {
        return stallTimeout;
    }

    public int getTimeout() {
        return timeout;
    }

    public boolean isAllowUnverified() {
        return allowUnverified;
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    public String getProxyCredentialsId() {
        return proxyCredentialsId;
    }

    public String getLanguage() {
        return language;
    }

    public boolean isIncludeSuperseded() {
        return includeSuperseded;
    }

    public String getTestOnlyTrustRoot() {
        return testOnlyTrustRoot;
    }

    public List<String> getKb() {
        return new ArrayList<>(kb);
    }

    public List<String> getProduct() {
        return new ArrayList<>(product);
    }

    public List<String> getClassification() {
        return new ArrayList<>(classification);
    }

    public List<String> getArch() {
        return new ArrayList<>(arch);
    }

    public String getReleasedSince() {
        return releasedSince;
    }

    public List<String> getHide() {
        return new ArrayList<>(hide);
    }

    public List<String> getUnhide() {
        return new ArrayList<>(unhide);
    }

    public String getLock() {
        return lock;
    }

    /**
     * A lock file from {@code wudl lock} (relative to the workspace): the step downloads exactly what it pins,
     * or fails naming each update or file the catalog no longer has or has changed; empty means none.
     */
    @DataBoundSetter
    public void setLock(String v) {
        lock = Util.fixEmptyAndTrim(v);
    }

    /** For the form's text areas, one value per line (not properties: pipelines use the lists). */
    public String getKbText() {
        return StepOptions.argsToLines(kb);
    }

    public String getProductText() {
        return StepOptions.argsToLines(product);
    }

    public String getClassificationText() {
        return StepOptions.argsToLines(classification);
    }

    public String getArchText() {
        return StepOptions.argsToLines(arch);
    }

    public String getHideText() {
        return StepOptions.argsToLines(hide);
    }

    public String getUnhideText() {
        return StepOptions.argsToLines(unhide);
    }

    /** An offline scan file's titles and descriptions in this language (e.g. de); empty means each update's own. */
    @DataBoundSetter
    public void setLanguage(String v) {
        language = Util.fixEmptyAndTrim(v);
    }
    /** Whether an offline scan file's superseded updates are selected too (left out by default). */
    @DataBoundSetter
    public void setIncludeSuperseded(boolean v) {
        includeSuperseded = v;
    }
    /** For tests only: a PEM root certificate also trusted to sign offline scan files. */
    @DataBoundSetter
    public void setTestOnlyTrustRoot(String v) {
        testOnlyTrustRoot = Util.fixEmptyAndTrim(v);
    }
    /** KB numbers, one of which an update must have; null means any. */
    @DataBoundSetter
    public void setKb(List<String> v) {
        kb = v == null ? new ArrayList<>() : new ArrayList<>(v);
    }
    /** Product names (or parts of them) or CategoryIDs; null means any. */
    @DataBoundSetter
    public void setProduct(List<String> v) {
        product = v == null ? new ArrayList<>() : new ArrayList<>(v);
    }
    /** Classification names or CategoryIDs, e.g. Security Updates; null means any. */
    @DataBoundSetter
    public void setClassification(List<String> v) {
        classification = v == null ? new ArrayList<>() : new ArrayList<>(v);
    }
    /** Architectures: x64, x86 or arm64; null means any. */
    @DataBoundSetter
    public void setArch(List<String> v) {
        arch = v == null ? new ArrayList<>() : new ArrayList<>(v);
    }

    /**
     * Update IDs or KB numbers to hide before the search: the agent's cache folder keeps them hidden for every
     * later build on it, so criteria with {@code IsHidden=0} leave them out; null means none.
     */
    @DataBoundSetter
    public void setHide(List<String> v) {
        hide = v == null ? new ArrayList<>() : new ArrayList<>(v);
    }

    /** Update IDs or KB numbers to show again before the search; null means none. */
    @DataBoundSetter
    public void setUnhide(List<String> v) {
        unhide = v == null ? new ArrayList<>() : new ArrayList<>(v);
    }

    /** Only updates whose LastDeploymentChangeTime is on or after this day (YYYY-MM-DD, UTC); empty means any. */
    @DataBoundSetter
    public void setReleasedSince(String v) {
        releasedSince = Util.fixEmptyAndTrim(v);
    }

    /** WUA search criteria; empty means the engine's default ({@code IsInstalled=0}). */
    @DataBoundSetter
    public void setCriteria(String v) {
        criteria = Util.fixEmptyAndTrim(v);
    }
    /** {@code full} or {@code bootstrapper}, any case; empty means full. */
    @DataBoundSetter
    public void setDownloadType(String v) {
        downloadType = lower(v, DescriptorImpl.defaultDownloadType);
    }

    @DataBoundSetter
    public void setOutputDir(String v) {
        outputDir = Util.fixEmptyAndTrim(v);
    }

    @DataBoundSetter
    public void setCacheDir(String v) {
        cacheDir = Util.fixEmptyAndTrim(v);
    }
    /** {@code low}, {@code normal}, {@code high} or {@code extrahigh}, any case; empty means normal. */
    @DataBoundSetter
    public void setPriority(String v) {
        priority = lower(v, DescriptorImpl.defaultPriority);
    }
    /** Seconds without a byte before a transfer is retried; 0 means the engine's default (60). */
    @DataBoundSetter
    public void setStallTimeout(int v) {
        stallTimeout = v;
    }
    /** Seconds the whole download may take; 0 means no limit (the pipeline's {@code timeout} also works). */
    @DataBoundSetter
    public void setTimeout(int v) {
        timeout = v;
    }

    @DataBoundSetter
    public void setAllowUnverified(boolean v) {
        allowUnverified = v;
    }

    @DataBoundSetter
    public void setFailOnError(boolean v) {
        failOnError = v;
    }

    @DataBoundSetter
    public void setProxyCredentialsId(String v) {
        proxyCredentialsId = Util.fixEmptyAndTrim(v);
    }

    /** The engine's description of this step; 0 seconds means "not given". */
    StepOptions options() {
        return StepOptions.download(catalog)
                .criteria(criteria)
                .downloadType(downloadType)
                .outputDir(outputDir)
                .cacheDir(cacheDir)
                .priority(priority)
                .stallTimeout(stallTimeout == 0 ? null : stallTimeout)
                .timeout(timeout == 0 ? null : timeout)
                .allowUnverified(allowUnverified)
                .failOnError(failOnError)
                .language(language)
                .includeSuperseded(includeSuperseded)
                .testOnlyTrustRoot(testOnlyTrustRoot)
                .kb(kb)
                .product(product)
                .classification(classification)
                .arch(arch)
                .releasedSince(releasedSince)
                .hide(hide)
                .unhide(unhide)
                .lock(lock)
                .build();
    }

    static String lower(String v, String dflt) {
        String t = Util.fixEmptyAndTrim(v);
        return t == null ? dflt : t.toLowerCase(Locale.ROOT);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new WuStepExecution(context, options(), proxyCredentialsId);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        public static final String defaultDownloadType = "full";
        public static final String defaultPriority = "normal";

        @Override
        public String getFunctionName() {
            return "wuDownload";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WuDownloadStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, TaskListener.class, EnvVars.class, Run.class);
        }

        /**
         * The form sends {@code kb}, {@code product}, {@code classification}, {@code arch}, {@code hide} and
         * {@code unhide} as text areas'
         * text; the step takes lists, one entry per line (a product name may hold a comma: "Windows 10, version
         * 1903 and later"). Pipelines use the list form, {@code kb: ['5050000']}.
         */
        @Override
        public Step newInstance(@Nullable StaplerRequest2 req, @NonNull JSONObject formData) throws FormException {
            for (String list : List.of("kb", "product", "classification", "arch", "hide", "unhide")) {
                if (formData.opt(list) instanceof String text) {
                    formData.put(list, JSONArray.fromObject(StepOptions.argsFromLines(text)));
                }
            }
            return super.newInstance(req, formData);
        }

        public FormValidation doCheckLanguage(@QueryParameter String value) {
            return check(StepOptions.checkLanguage(value));
        }

        public FormValidation doCheckKb(@QueryParameter String value) {
            return checkLines(value, StepOptions::checkKb);
        }

        public FormValidation doCheckReleasedSince(@QueryParameter String value) {
            return check(StepOptions.checkReleasedSince(value));
        }

        public FormValidation doCheckArch(@QueryParameter String value) {
            return checkLines(value, StepOptions::checkArch);
        }

        public FormValidation doCheckHide(@QueryParameter String value) {
            return checkLines(value, v -> StepOptions.checkUpdateTarget("hide", v));
        }

        public FormValidation doCheckUnhide(@QueryParameter String value) {
            return checkLines(value, v -> StepOptions.checkUpdateTarget("unhide", v));
        }

        static FormValidation checkLines(String text, java.util.function.Function<String, String> check) {
            for (String line : StepOptions.argsFromLines(text)) {
                String problem = check.apply(line);
                if (problem != null) {
                    return FormValidation.error(problem);
                }
            }
            return FormValidation.ok();
        }

        public FormValidation doCheckCatalog(@QueryParameter String value) {
            return check(StepOptions.checkCatalog(value));
        }

        public FormValidation doCheckDownloadType(@QueryParameter String value) {
            return check(StepOptions.checkDownloadType(value));
        }

        public FormValidation doCheckPriority(@QueryParameter String value) {
            return check(StepOptions.checkPriority(value));
        }

        public FormValidation doCheckStallTimeout(@QueryParameter String value) {
            return check(
                    "0".equals(Util.fixEmptyAndTrim(value)) ? null : StepOptions.checkSeconds("stallTimeout", value));
        }

        public FormValidation doCheckTimeout(@QueryParameter String value) {
            return check("0".equals(Util.fixEmptyAndTrim(value)) ? null : StepOptions.checkSeconds("timeout", value));
        }

        public ListBoxModel doFillDownloadTypeItems() {
            return items("full", "bootstrapper");
        }

        public ListBoxModel doFillPriorityItems() {
            return items("low", "normal", "high", "extrahigh");
        }

        @POST
        public ListBoxModel doFillProxyCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String proxyCredentialsId) {
            return credentialItems(item, proxyCredentialsId);
        }

        static FormValidation check(String problem) {
            return problem == null ? FormValidation.ok() : FormValidation.error(problem);
        }

        static ListBoxModel items(String... values) {
            ListBoxModel m = new ListBoxModel();
            for (String v : values) {
                m.add(v);
            }
            return m;
        }

        /** Username/password credentials the item may use, for a proxy that asks for them. */
        static ListBoxModel credentialItems(Item item, String current) {
            StandardListBoxModel result = new StandardListBoxModel();
            boolean allowed = item == null
                    ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                    : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
            if (!allowed) {
                return result.includeCurrentValue(current);
            }
            result.includeEmptyValue();
            result.includeAs(ACL.SYSTEM2, item, StandardUsernamePasswordCredentials.class, List.of());
            return result.includeCurrentValue(current);
        }
    }
}
