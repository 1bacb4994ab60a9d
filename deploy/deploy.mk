# Deployment targets, included by the top-level Makefile (`-include deploy/deploy.mk`).
# The logic lives in deploy/scripts/*.sh; docs/deploy.md is the operator's guide.
# Settings come from the environment, the make command line, or deploy/secrets/secrets.env:
#   REGISTRY     registry host (Forgejo's), IMAGE_GROUP (default unrip), IMAGE_TAG (default: the
#                current commit), OVERLAY (default hetzner-single-node), DRY_RUN=1 (print, do nothing)

DEPLOY_SCRIPTS := deploy/scripts
export REGISTRY IMAGE_GROUP IMAGE_TAG OVERLAY DRY_RUN CONFIRM

.PHONY: images images-smoke validate bootstrap teardown deploy secrets forgejo deploy-sync replay-job

images: ## Build one container image per route group and simulator (Quarkus Jib, no Docker) and push them to REGISTRY (unset: a local registry on 127.0.0.1; no UBI base reachable: a Debian JRE 17 built here)
	@$(DEPLOY_SCRIPTS)/images.sh

images-smoke: build ## Run every route group's image and the simulators' with podman against a private stack: each /q/health UP, one result per command of a quote stream, a replay run; then clean up (~6 min; offline: local registry, Debian JRE base)
	@STACK_CMD='$(STACK)' MAVEN_OFFLINE=$(MAVEN_OFFLINE) $(DEPLOY_SCRIPTS)/images-smoke.sh

validate: ## Check the deployment offline: kustomize renders, manifest checks, terraform, cloud-init, shellcheck
	@$(DEPLOY_SCRIPTS)/validate.sh

bootstrap: ## Hetzner node + k3s + Secrets + Forgejo + the system, from this workstation; rerunnable; DRY_RUN=1 prints the plan
	@$(DEPLOY_SCRIPTS)/bootstrap.sh

teardown: ## Destroy the Hetzner node and all its data, after a typed confirmation
	@$(DEPLOY_SCRIPTS)/teardown.sh

deploy: ## Apply the overlay (OVERLAY, default hetzner-single-node) to the current kubeconfig and wait for the rollouts
	@$(DEPLOY_SCRIPTS)/deploy.sh

secrets: ## Create or refresh the Kubernetes Secrets from deploy/secrets/secrets.env
	@$(DEPLOY_SCRIPTS)/create-secrets.sh

forgejo: ## Install or update Forgejo and its runner on the cluster (phase 1)
	@$(DEPLOY_SCRIPTS)/forgejo.sh

replay-job: ## One replay run on the cluster as a Job: TOPIC=<raw topic> FROM=<start> TO=<end> [TARGET=replay|live] [RUN=<id>]; follows its log
	@TOPIC="$(TOPIC)" FROM="$(FROM)" TO="$(TO)" TARGET="$(TARGET)" RUN="$(RUN)" $(DEPLOY_SCRIPTS)/replay-job.sh

deploy-sync: ## Copy schemas/topics.yaml and kamelets/ into the deploy tree (kustomize reads only its own folder)
	@$(DEPLOY_SCRIPTS)/sync-copies.sh --write
