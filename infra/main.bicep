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
  }
}

output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.registryLoginServer
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.environmentId
output SERVICE_GATEWAY_URL string = resources.outputs.gatewayUrl
