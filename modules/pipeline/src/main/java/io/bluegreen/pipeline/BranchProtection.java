package io.bluegreen.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.codecommit_approval_rule_template.CodecommitApprovalRuleTemplate;
import com.hashicorp.cdktf.providers.aws.codecommit_approval_rule_template.CodecommitApprovalRuleTemplateConfig;
import com.hashicorp.cdktf.providers.aws.codecommit_approval_rule_template_association.CodecommitApprovalRuleTemplateAssociation;
import com.hashicorp.cdktf.providers.aws.codecommit_approval_rule_template_association.CodecommitApprovalRuleTemplateAssociationConfig;
import com.hashicorp.cdktf.providers.aws.codecommit_repository.CodecommitRepository;
import io.bluegreen.core.ResourceType;
import java.util.Optional;
import software.constructs.Construct;

/**
 * The source branch of a CodeCommit pipeline, protected: an approval rule template that asks for
 * an approval before a pull request merges into the branch, associated with the repository (the
 * one the pipeline creates, or the existing one it reads). CodeCommit applies the template to
 * pull requests opened after the association; a direct push to the branch is for IAM to refuse.
 */
final class BranchProtection {
    /** Approvals a pull request into the source branch needs before it can merge. */
    static final int APPROVALS_TO_MERGE = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BranchProtection() {
    }

    /** The template, and its association with the repository the pipeline reads ({@code created}, else the named one). */
    static CodecommitApprovalRuleTemplate protect(Construct scope, DeliveryPipelineProps props, Source.CodeCommit codeCommit,
                                                  Optional<CodecommitRepository> created) {
        CodecommitApprovalRuleTemplate template = new CodecommitApprovalRuleTemplate(scope, "approval-rule", CodecommitApprovalRuleTemplateConfig.builder()
                .name(props.naming().name(ResourceType.APPROVAL_RULE_TEMPLATE, props.purpose()))
                .description("Pull requests into " + codeCommit.branch() + " of " + codeCommit.repositoryName() + " need "
                        + APPROVALS_TO_MERGE + " approval before they merge")
                .content(content(codeCommit.branch()))
                .build());
        new CodecommitApprovalRuleTemplateAssociation(scope, "approval-rule-association",
                CodecommitApprovalRuleTemplateAssociationConfig.builder()
                        .approvalRuleTemplateName(template.getName())
                        .repositoryName(created.map(CodecommitRepository::getRepositoryName).orElse(codeCommit.repositoryName()))
                        .build());
        return template;
    }

    /** The template's rule in CodeCommit's approval rule syntax (version 2018-11-08). */
    private static String content(String branch) {
        ObjectNode rule = JSON.createObjectNode().put("Version", "2018-11-08");
        rule.putArray("DestinationReferences").add("refs/heads/" + branch);
        rule.putArray("Statements").addObject().put("Type", "Approvers").put("NumberOfApprovalsNeeded", APPROVALS_TO_MERGE);
        return rule.toString();
    }
}
