// The one DynamoDB Local launcher, shared with the local emulator.
export * from '../../local/dynamodb-local';
