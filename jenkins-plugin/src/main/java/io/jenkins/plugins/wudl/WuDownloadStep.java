package io.jenkins.plugins.wudl;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
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
