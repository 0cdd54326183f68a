targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; prefixes every resource.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@secure()
@description('Administrator password of the PostgreSQL server (azd generates one).')
param postgresAdminPassword string

@secure()
@description('Secret the gateway signs internal identity tokens with and the services verify them with (32+ characters). The default is new on every deployment, which only invalidates tokens in flight (they live 60 s).')
param internalSigningKey string = '${newGuid()}${newGuid()}'

var tags = { 'azd-env-name': environmentName }

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'resources'
  scope: rg
  params: {
    location: location
    tags: tags
    postgresAdminPassword: postgresAdminPassword
    internalSigningKey: internalSigningKey
  }
}

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.registryLoginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.environmentId
output SERVICE_GATEWAY_URL string = resources.outputs.gatewayUrl
