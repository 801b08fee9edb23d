# sam build (BuildMethod: makefile in template.yaml) copies this directory to a scratch
# directory and runs `make build-NotifierFunction` (and `make build-SenderFunction`, `make build-SlackInteractionsFunction`) there, with ARTIFACTS_DIR set to the
# directory that becomes the function's package (.aws-sam/build/NotifierFunction).
# Lambda's Java runtime puts every lib/*.jar of the package on the classpath, so the
# package is just the shaded jar under lib/. Tests are skipped here: run `mvn verify`.

.PHONY: build-NotifierFunction build-SenderFunction build-SlackInteractionsFunction

build-NotifierFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build" >&2; exit 1; }
	mvn -B -q -DskipTests package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp target/codebuild-notifier.jar "$(ARTIFACTS_DIR)/lib/"

# The sender function runs the same jar (its own handler class).
build-SenderFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build" >&2; exit 1; }
	mvn -B -q -DskipTests package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp target/codebuild-notifier.jar "$(ARTIFACTS_DIR)/lib/"

# The Slack interactions function runs the same jar too.
build-SlackInteractionsFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: run sam build" >&2; exit 1; }
	mvn -B -q -DskipTests package
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp target/codebuild-notifier.jar "$(ARTIFACTS_DIR)/lib/"
