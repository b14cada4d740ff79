#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addOrderSagaStack } from '../lib/order-saga-app';

// CloudFormation's schema validation costs ~3 s of every synth; the test suite runs it on the same
// stack (test/infra/nag-and-bundles.test.ts). CDK_VALIDATION=true turns it on here too.
const app = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' });
addOrderSagaStack(app);
// cdk-nag runs as a policy-validation plugin: any unacknowledged AwsSolutions finding fails the synth.
// Acknowledgements live beside the constructs they concern, each with its full finding id and a reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
